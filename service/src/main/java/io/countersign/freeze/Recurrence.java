package io.countersign.freeze;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.TimeZone;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * A recurring window: an RFC 5545 RRULE (expanded by lib-recur, not by hand) from a first start given on the wall
 * clock of a time zone, each occurrence lasting a duration that is also measured on that wall clock. So "Friday 16:00
 * for PT64H in Europe/Berlin" ends Monday 08:00 Berlin time on a weekend the clocks change, not 07:00 or 09:00.
 */
public record Recurrence(String rrule, LocalDateTime firstStart, Duration duration, ZoneId zone) {

    /** Bounds the expansion of a rule whose occurrences are very dense; no sane freeze calendar comes near it. */
    private static final int MAX_STEPS = 10_000;

    public Recurrence {
        parse(rrule);
    }

    static RecurrenceRule parse(String rrule) {
        try {
            return new RecurrenceRule(rrule, RecurrenceRule.RfcMode.RFC5545_STRICT);
        } catch (InvalidRecurrenceRuleException | RuntimeException e) {
            throw new InvalidFreezeWindow("rrule", "is not an RFC 5545 recurrence rule: " + e.getMessage());
        }
    }

    /** The occurrence covering the instant (the one ending last, if several overlap). */
    Optional<Span> covering(Instant at) {
        RecurrenceRuleIterator occurrences = iterator();
        // Any occurrence that covers `at` starts after at - duration; a day of margin covers the zone's offsets.
        occurrences.fastForward(at.minus(duration).minus(Duration.ofDays(1)).toEpochMilli());
        Span best = null;
        for (int i = 0; i < MAX_STEPS && occurrences.hasNext(); i++) {
            Span span = span(occurrences.nextDateTime());
            if (span.from().isAfter(at)) {
                break;
            }
            if (at.isBefore(span.until()) && (best == null || span.until().isAfter(best.until()))) {
                best = span;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The first occurrence starting after the instant, if the rule has one. */
    Optional<Span> nextAfter(Instant at) {
        RecurrenceRuleIterator occurrences = iterator();
        occurrences.fastForward(at.toEpochMilli());
        for (int i = 0; i < MAX_STEPS && occurrences.hasNext(); i++) {
            Span span = span(occurrences.nextDateTime());
            if (span.from().isAfter(at)) {
                return Optional.of(span);
            }
        }
        return Optional.empty();
    }

    private RecurrenceRuleIterator iterator() {
        DateTime start = new DateTime(TimeZone.getTimeZone(zone), firstStart.getYear(),
                firstStart.getMonthValue() - 1, firstStart.getDayOfMonth(), firstStart.getHour(),
                firstStart.getMinute(), firstStart.getSecond());
        return parse(rrule).iterator(start);
    }

    /** The occurrence's wall-clock start in the zone, and its end that many wall-clock hours later. */
    private Span span(DateTime occurrence) {
        LocalDateTime local = LocalDateTime.of(occurrence.getYear(), occurrence.getMonth() + 1,
                occurrence.getDayOfMonth(), occurrence.getHours(), occurrence.getMinutes(), occurrence.getSeconds());
        return new Span(ZonedDateTime.of(local, zone).toInstant(),
                ZonedDateTime.of(local.plus(duration), zone).toInstant());
    }

    public record Span(Instant from, Instant until) {
    }
}
