package io.countersign.freeze;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an admin asks for, as text, so that every malformed field is refused with its own name: one-off
 * ({@code startsAt}, {@code endsAt}: instants) or recurring ({@code rrule}, {@code firstStart}: a local date-time in
 * {@code timeZone}, {@code duration}: ISO-8601), never both.
 */
public record NewFreezeWindow(String name, String reason, String startsAt, String endsAt, String rrule,
                              String firstStart, String duration, String timeZone, List<String> environments,
                              List<String> services, List<String> regions) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Duration LONGEST_OCCURRENCE = Duration.ofDays(31);

    FreezeWindow validate(String id, String createdBy, Instant createdAt) {
        String n = required("name", name, 200);
        String why = required("reason", reason, 2000);
        ZoneId zone = parsedZone();
        List<String> envs = names("environments", environments);
        if (envs.isEmpty()) {
            throw new InvalidFreezeWindow("environments", "must name at least one environment");
        }
        List<String> svcs = names("services", services);
        List<String> regs = names("regions", regions);
        boolean oneOff = startsAt != null || endsAt != null;
        boolean recurring = rrule != null || firstStart != null || duration != null;
        if (oneOff == recurring) {
            throw new InvalidFreezeWindow(oneOff ? "rrule" : "startsAt",
                    "give either startsAt and endsAt (one-off) or rrule, firstStart and duration (recurring)");
        }
        if (oneOff) {
            Instant from = instant("startsAt", startsAt);
            Instant until = instant("endsAt", endsAt);
            if (!until.isAfter(from)) {
                throw new InvalidFreezeWindow("endsAt", "must be after startsAt");
            }
            return new FreezeWindow(id, n, why, from, until, null, zone, envs, svcs, regs, createdBy, createdAt);
        }
        String rule = required("rrule", rrule, 1000);
        if (rule.toUpperCase(java.util.Locale.ROOT).contains("DTSTART")) {
            throw new InvalidFreezeWindow("rrule", "give the first start as firstStart, not inside the rule");
        }
        Recurrence recurrence = new Recurrence(rule, parsedFirstStart(), parsedDuration(), zone);
        return new FreezeWindow(id, n, why, null, null, recurrence, zone, envs, svcs, regs, createdBy, createdAt);
    }

    private ZoneId parsedZone() {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw new InvalidFreezeWindow("timeZone", "is not a time zone id (e.g. Europe/Berlin): " + timeZone);
        }
    }

    private LocalDateTime parsedFirstStart() {
        String text = required("firstStart", firstStart, 40);
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidFreezeWindow("firstStart", "must be a local date-time such as 2026-12-04T16:00");
        }
    }

    private Duration parsedDuration() {
        String text = required("duration", duration, 40);
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidFreezeWindow("duration", "must be an ISO-8601 duration such as PT64H");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(LONGEST_OCCURRENCE) > 0) {
            throw new InvalidFreezeWindow("duration", "must be positive and at most " + LONGEST_OCCURRENCE);
        }
        return d;
    }

    private static Instant instant(String field, String text) {
        String value = required(field, text, 40);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFreezeWindow(field, "must be an instant such as 2026-12-24T00:00:00Z");
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidFreezeWindow(field, "is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidFreezeWindow(field, "must be at most " + max + " characters");
        }
        return v;
    }

    private static List<String> names(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > 100) {
            throw new InvalidFreezeWindow(field, "must name at most 100 entries");
        }
        for (String v : values) {
            if (v == null || !NAME.matcher(v).matches()) {
                throw new InvalidFreezeWindow(field, "must be lower-case names such as production or eu-west-1");
            }
        }
        return values.stream().distinct().toList();
    }
}
