package io.countersign.engine.embedded;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says once, loudly, when the embedded engine runs outside the demo setup. Its code is under the Camunda License 1.0,
 * which allows only non-production use; someone who adds the {@code postgres} profile or turns the demo users off is
 * likely heading for production and must hear it from the log, not from a lawyer (docs/licensing.md).
 */
@Component
@Profile("!camunda")
class NonProductionLicence {

    private static final Logger log = LoggerFactory.getLogger(NonProductionLicence.class);
    private static final List<String> DEMO_PROFILES = List.of("demo");

    private final Environment environment;

    NonProductionLicence(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnOutsideTheDemoSetup() {
        warning().ifPresent(log::warn);
    }

    /** The warning to log, if this is not the demo setup (no profile or only {@code demo}, demo users on). */
    Optional<String> warning() {
        List<String> profiles = Arrays.stream(environment.getActiveProfiles())
                .filter(p -> !DEMO_PROFILES.contains(p))
                .toList();
        boolean demoUsers = environment.getProperty("countersign.demo-users.enabled", Boolean.class, true);
        if (profiles.isEmpty() && demoUsers) {
            return Optional.empty();
        }
        String why = profiles.isEmpty() ? "with the demo users turned off" : "with profile(s) " + profiles;
        return Optional.of("The embedded Camunda engine is running " + why + ". Its code is under the Camunda License 1.0, "
                + "which permits use only in a non-production environment (development, staging, testing, QA, "
                + "demonstration, evaluation). For production, add the 'camunda' profile and point Countersign at "
                + "Camunda 8 SaaS or a Self-Managed cluster licensed for production; see docs/licensing.md.");
    }
}
