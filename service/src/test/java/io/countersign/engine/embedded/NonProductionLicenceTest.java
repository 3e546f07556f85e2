package io.countersign.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class NonProductionLicenceTest {

    @Test
    void staysQuietInTheDemoSetup() {
        assertThat(new NonProductionLicence(new MockEnvironment()).warning()).isEmpty();
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThat(new NonProductionLicence(demo).warning()).isEmpty();
    }

    @Test
    void warnsWithAnotherProfile() {
        MockEnvironment postgres = new MockEnvironment();
        postgres.setActiveProfiles("postgres");
        assertThat(new NonProductionLicence(postgres).warning()).hasValueSatisfying(w -> assertThat(w)
                .contains("profile(s) [postgres]", "Camunda License 1.0", "non-production", "'camunda' profile"));
    }

    @Test
    void warnsWhenDemoUsersAreOff() {
        MockEnvironment env = new MockEnvironment().withProperty("countersign.demo-users.enabled", "false");
        assertThat(new NonProductionLicence(env).warning())
                .hasValueSatisfying(w -> assertThat(w).contains("demo users turned off"));
    }
}
