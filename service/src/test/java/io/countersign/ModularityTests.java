package io.countersign;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The capability packages stay modules: no cycles, nobody reaches into another's internals, and each depends only on
 * the capabilities its {@code package-info.java} declares, so a new dependency is a decision, not an import.
 */
class ModularityTests {

    @Test
    void capabilitiesDependOnlyOnWhatTheyDeclareAndNeverOnInternals() {
        ApplicationModules.of(CountersignApplication.class).verify();
    }
}
