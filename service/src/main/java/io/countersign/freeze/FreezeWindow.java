package io.countersign.freeze;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change-freeze window as stored: what it is called and why, when it applies (one-off from {@code startsAt} to
 * {@code endsAt}, or every occurrence of {@code recurrence}), and to which environments, services and regions (an
 * empty list of services or regions means all of them).
 */
public record FreezeWindow(String id, String name, String reason, Instant startsAt, Instant endsAt,
                           Recurrence recurrence, ZoneId zone, List<String> environments, List<String> services,
                           List<String> regions, String createdBy, Instant createdAt) {

    public FreezeWindow {
        environments = List.copyOf(environments);
        services = List.copyOf(services);
        regions = List.copyOf(regions);
    }

    /** The occurrence of this window that covers the instant, if any. */
    public Optional<ActiveFreeze> activeAt(Instant at) {
        if (recurrence == null) {
            return !at.isBefore(startsAt) && at.isBefore(endsAt)
                    ? Optional.of(new ActiveFreeze(id, name, reason, startsAt, endsAt)) : Optional.empty();
        }
        return recurrence.covering(at).map(s -> new ActiveFreeze(id, name, reason, s.from(), s.until()));
    }

    /** The next occurrence that starts after the instant, if any. */
    public Optional<ActiveFreeze> nextAfter(Instant at) {
        if (recurrence == null) {
            return startsAt.isAfter(at) ? Optional.of(new ActiveFreeze(id, name, reason, startsAt, endsAt))
                    : Optional.empty();
        }
        return recurrence.nextAfter(at).map(s -> new ActiveFreeze(id, name, reason, s.from(), s.until()));
    }

    /** Whether an action in this environment, of this service, touching these regions is in the window's scope. */
    public boolean covers(String environment, String service, List<String> actionRegions) {
        return environments.contains(environment)
                && (services.isEmpty() || services.contains(service))
                && (regions.isEmpty() || actionRegions.stream().anyMatch(regions::contains));
    }

    public boolean recurring() {
        return recurrence != null;
    }

    /** The window as the API shows it and the audit log records it (before and after a change). */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("name", name);
        d.put("reason", reason);
        if (recurrence == null) {
            d.put("startsAt", startsAt.toString());
            d.put("endsAt", endsAt.toString());
        } else {
            d.put("rrule", recurrence.rrule());
            d.put("firstStart", recurrence.firstStart().toString());
            d.put("duration", recurrence.duration().toString());
        }
        d.put("timeZone", zone.getId());
        d.put("environments", environments);
        d.put("services", services);
        d.put("regions", regions);
        d.put("createdBy", createdBy);
        d.put("createdAt", createdAt.toString());
        return d;
    }
}
