package io.countersign;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The capability packages stay modules: no cycles, and nobody reaches into another's internals. */
class ModularityTests {

    @Test
    void capabilityPackagesFormAcyclicModules() {
        ApplicationModules.of(CountersignApplication.class).verify();
    }
}
