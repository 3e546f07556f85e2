package io.countersign.ui.shared;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Time formatting for templates ({@code ${@uiFormat.when(t)}}). Everything is shown in UTC: approvers, auditors
 * and the agents' logs span time zones, and one zone keeps a timeline comparable.
 */
public class UiFormat {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    /** To the second, for the audit log, where several entries share a minute and their order matters. */
    public String precise(Instant instant) {
        return instant == null ? "" : PRECISE.format(instant);
    }

    public String clock(Instant instant) {
        return instant == null ? "" : CLOCK.format(instant);
    }

    /** For {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** "8h 00m", "2d 3h": a policy's window or limit. */
    public String duration(java.time.Duration duration) {
        return duration == null ? "" : Durations.humanize(duration);
    }

    /** The first characters of a plan hash, enough to compare by eye. */
    public String shortHash(String hash) {
        return hash == null || hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }

    /** An audit event type in words ("TASK_OPENED" reads "Approval task opened"). */
    public String event(String code) {
        return EventNames.of(code);
    }
}
