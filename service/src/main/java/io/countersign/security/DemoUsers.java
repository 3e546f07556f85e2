package io.countersign.security;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The demo users of the embedded default (password {@code demo}). They exist only when no profile, or the {@code demo}
 * profile, is active: any other profile refuses to start with them, so they never reach a real deployment.
 */
@Component
class DemoUsers implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);
    private static final Set<String> DEMO_PROFILES = Set.of("demo");
    /** Reserved whether or not the demo users are on, so an agent id taken today cannot meet a person tomorrow. */
    static final Set<String> NAMES = Set.of("alice", "bob", "carol", "dave", "erin", "admin");

    @ConfigurationProperties("countersign.demo-users")
    record Settings(@DefaultValue("true") boolean enabled) {
    }

    private final Settings settings;
    private final Environment environment;
    private final UserDirectory users;
    private final PasswordEncoder passwords;

    DemoUsers(Settings settings, Environment environment, UserDirectory users, PasswordEncoder passwords) {
        this.settings = settings;
        this.environment = environment;
        this.users = users;
        this.passwords = passwords;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!settings.enabled()) {
            return;
        }
        List<String> others = Arrays.stream(environment.getActiveProfiles())
                .filter(p -> !DEMO_PROFILES.contains(p))
                .toList();
        if (!others.isEmpty()) {
            throw new IllegalStateException("Demo users (password 'demo') are only for the embedded default, but profile(s) "
                    + others + " are active. Set countersign.demo-users.enabled=false, or add the 'demo' profile "
                    + "deliberately for a throwaway environment.");
        }
        String demo = passwords.encode("demo");
        users.addIfAbsent("alice", demo, "Alice (engineer)", List.of(Roles.ENGINEER), List.of());
        users.addIfAbsent("bob", demo, "Bob (cost-explorer approver)", List.of(Roles.ENGINEER, Roles.APPROVER),
                List.of("cost-explorer-approvers"));
        users.addIfAbsent("carol", demo, "Carol (cost-explorer approver)", List.of(Roles.ENGINEER, Roles.APPROVER),
                List.of("cost-explorer-approvers"));
        users.addIfAbsent("dave", demo, "Dave (SRE)", List.of(Roles.ENGINEER, Roles.APPROVER), List.of("sre", "sre-leads"));
        users.addIfAbsent("erin", demo, "Erin (auditor)", List.of(Roles.AUDITOR), List.of());
        users.addIfAbsent("admin", demo, "Admin", List.of(Roles.ADMIN, Roles.AUDITOR), List.of());
        NAMES.forEach(n -> users.setEmailIfAbsent(n, n + "@countersign.test")); // notifications (issue 13)
        log.warn("Demo users alice, bob, carol, dave, erin and admin are enabled with password 'demo'");
    }
}
