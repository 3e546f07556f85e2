package io.countersign.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The freeze calendar without the application: which instants a window covers, and what it refuses to store. */
class FreezeWindowTest {

    /** Every weekend from Friday 16:00 to Monday 08:00, Berlin time. */
    private static final FreezeWindow WEEKENDS = new NewFreezeWindow("weekends", "No changes over the weekend", null,
            null, "FREQ=WEEKLY;BYDAY=FR", "2026-01-02T16:00", "PT64H", "Europe/Berlin", List.of("production"),
            List.of(), List.of()).validate("w1", "admin", Instant.EPOCH);

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(textBlock = """
        # case,                                                       instant,               active
        Friday 15:59 in Berlin (summer time) is before the window,     2026-10-23T13:59:59Z,  false
        Friday 16:00 in Berlin (summer time) starts it,                2026-10-23T14:00:00Z,  true
        Sunday when the clocks go back,                                2026-10-25T02:30:00Z,  true
        Monday 07:30 Berlin (winter time) is still frozen,             2026-10-26T06:30:00Z,  true
        Monday 07:59:59 Berlin is the last frozen second,              2026-10-26T06:59:59Z,  true
        Monday 08:00 Berlin (winter time) ends it (not 64 h later),     2026-10-26T07:00:00Z,  false
        Wednesday is free,                                             2026-10-28T12:00:00Z,  false
        Friday 16:00 Berlin (winter time) before the spring change,    2026-03-27T15:00:00Z,  true
        Friday 15:59 Berlin (winter time) is before the window,        2026-03-27T14:59:59Z,  false
        Monday 07:30 Berlin (summer time) is still frozen,             2026-03-30T05:30:00Z,  true
        Monday 08:00 Berlin (summer time) ends it (not 64 h later),     2026-03-30T06:00:00Z,  false
        Monday 08:30 Berlin (summer time) is free,                     2026-03-30T06:30:00Z,  false
        before the first occurrence nothing is frozen,                 2025-12-27T12:00:00Z,  false
        """)
    void recurringWindowIsActiveExactlyOnTheWallClockOfItsZone(String description, Instant at, boolean active) {
        assertThat(WEEKENDS.activeAt(at).isPresent()).as(description).isEqualTo(active);
    }

    @Test
    void anActiveOccurrenceSaysWhenItEnds() {
        assertThat(WEEKENDS.activeAt(Instant.parse("2026-10-25T12:00:00Z"))).hasValueSatisfying(f -> {
            assertThat(f.from()).isEqualTo(Instant.parse("2026-10-23T14:00:00Z"));
            assertThat(f.until()).isEqualTo(Instant.parse("2026-10-26T07:00:00Z"));
            assertThat(f.name()).isEqualTo("weekends");
        });
        assertThat(WEEKENDS.nextAfter(Instant.parse("2026-10-28T12:00:00Z")))
                .hasValueSatisfying(f -> assertThat(f.from()).isEqualTo(Instant.parse("2026-10-30T15:00:00Z")));
    }

    @Test
    void oneOffWindowCoversFromItsStartUntilJustBeforeItsEnd() {
        FreezeWindow holidays = oneOff("2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z");
        assertThat(holidays.activeAt(Instant.parse("2026-12-23T23:59:59Z"))).isEmpty();
        assertThat(holidays.activeAt(Instant.parse("2026-12-24T00:00:00Z"))).isPresent();
        assertThat(holidays.activeAt(Instant.parse("2026-12-27T00:00:00Z"))).isEmpty();
    }

    @Test
    void scopeIsEnvironmentsAndOptionallyServicesAndRegions() {
        FreezeWindow scoped = new NewFreezeWindow("eu", "EU launch", "2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z",
                null, null, null, null, List.of("production"), List.of("billing"), List.of("eu-west-1"))
                .validate("w3", "admin", Instant.EPOCH);
        assertThat(scoped.covers("production", "billing", List.of("us-east-1", "eu-west-1"))).isTrue();
        assertThat(scoped.covers("production", "billing", List.of("us-east-1"))).isFalse();
        assertThat(scoped.covers("production", "cost-explorer", List.of("eu-west-1"))).isFalse();
        assertThat(scoped.covers("staging", "billing", List.of("eu-west-1"))).isFalse();
        assertThat(oneOff("2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z")
                .covers("production", "anything", List.of())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", textBlock = """
        # case,                          startsAt,              endsAt,                rrule,                  firstStart,        duration, zone,           field
        neither one-off nor recurring,   null,                  null,                  null,                   null,              null,     null,           startsAt
        both one-off and recurring,      2026-12-24T00:00:00Z,  2026-12-25T00:00:00Z,  FREQ=DAILY,             2026-12-24T00:00,  PT1H,     null,           rrule
        end before start,                2026-12-25T00:00:00Z,  2026-12-24T00:00:00Z,  null,                   null,              null,     null,           endsAt
        not an instant,                  tomorrow,              2026-12-24T00:00:00Z,  null,                   null,              null,     null,           startsAt
        not a recurrence rule,           null,                  null,                  EVERY FRIDAY,           2026-12-04T16:00,  PT64H,    null,           rrule
        unknown frequency,               null,                  null,                  FREQ=FORTNIGHTLY,       2026-12-04T16:00,  PT64H,    null,           rrule
        rule carries its own start,      null,                  null,                  DTSTART:20261204;FREQ=DAILY, 2026-12-04T16:00, PT1H, null,       rrule
        first start not a date-time,     null,                  null,                  FREQ=WEEKLY;BYDAY=FR,   friday,            PT64H,    null,           firstStart
        duration not ISO-8601,           null,                  null,                  FREQ=WEEKLY;BYDAY=FR,   2026-12-04T16:00,  64 hours, null,           duration
        duration zero,                   null,                  null,                  FREQ=WEEKLY;BYDAY=FR,   2026-12-04T16:00,  PT0S,     null,           duration
        unknown time zone,               null,                  null,                  FREQ=WEEKLY;BYDAY=FR,   2026-12-04T16:00,  PT64H,    Europe/Atlantis, timeZone
        """)
    void refusesAMalformedWindowNamingTheField(String description, String startsAt, String endsAt, String rrule,
                                               String firstStart, String duration, String zone, String field) {
        NewFreezeWindow w = new NewFreezeWindow("w", "why", startsAt, endsAt, rrule, firstStart, duration, zone,
                List.of("production"), List.of(), List.of());
        assertThatThrownBy(() -> w.validate("id", "admin", Instant.EPOCH)).as(description)
                .isInstanceOfSatisfying(InvalidFreezeWindow.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void refusesAWindowWithoutEnvironmentOrWithBadNames() {
        assertThatThrownBy(() -> new NewFreezeWindow("w", "why", "2026-12-24T00:00:00Z", "2026-12-25T00:00:00Z", null,
                null, null, null, List.of(), List.of(), List.of()).validate("id", "admin", Instant.EPOCH))
                .isInstanceOfSatisfying(InvalidFreezeWindow.class, e -> assertThat(e.field()).isEqualTo("environments"));
        assertThatThrownBy(() -> new NewFreezeWindow("w", "why", "2026-12-24T00:00:00Z", "2026-12-25T00:00:00Z", null,
                null, null, null, List.of("production"), List.of("Billing,Prod"), List.of()).validate("id", "admin",
                Instant.EPOCH))
                .isInstanceOfSatisfying(InvalidFreezeWindow.class, e -> assertThat(e.field()).isEqualTo("services"));
    }

    private static FreezeWindow oneOff(String from, String until) {
        return new NewFreezeWindow("holidays", "Holidays", from, until, null, null, null, null, List.of("production"),
                List.of(), List.of()).validate("w2", "admin", Instant.EPOCH);
    }
}
