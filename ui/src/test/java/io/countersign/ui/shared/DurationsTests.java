package io.countersign.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTests {

    private static final Instant NOW = Instant.parse("2025-12-03T10:00:00Z");

    @Test
    void saysHowLongInTheLargestUsefulUnits() {
        assertThat(Durations.humanize(Duration.ofSeconds(30))).isEqualTo("under a minute");
        assertThat(Durations.humanize(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(Durations.humanize(Duration.ofMinutes(65))).isEqualTo("1h 05m");
        assertThat(Durations.humanize(Duration.ofHours(51))).isEqualTo("2d 3h");
    }

    @Test
    void anSlaIsOverdueOnceItsDeadlinePassesAndDueSoonInTheLastQuarterHour() {
        assertThat(SlaState.of(NOW.minusSeconds(600), NOW)).isEqualTo(new SlaState("overdue by 10m", true, false));
        assertThat(SlaState.of(NOW.plusSeconds(600), NOW)).isEqualTo(new SlaState("due in 10m", false, true));
        assertThat(SlaState.of(NOW.plusSeconds(3600), NOW)).isEqualTo(new SlaState("due in 1h 00m", false, false));
        assertThat(SlaState.of(null, NOW).text()).isEqualTo("no SLA");
    }
}
