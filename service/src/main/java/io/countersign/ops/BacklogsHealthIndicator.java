package io.countersign.ops;

import io.countersign.common.Backlog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code backlogs}: DEGRADED (still HTTP 200, like stalled requests) while the oldest item of any backlog waited
 * longer than that backlog allows, since the work is kept and will be retried: the instance still serves, an operator
 * should look. Details (sizes, ages) for admins only.
 */
@Component
class BacklogsHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a backlog is not draining");

    private final BacklogMetrics backlogs;

    BacklogsHealthIndicator(BacklogMetrics backlogs) {
        this.backlogs = backlogs;
    }

    @Override
    public Health health() {
        boolean stale = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Backlog backlog : backlogs.backlogs()) {
            Optional<Duration> age = backlog.oldestAge();
            boolean behind = age.isPresent() && age.get().compareTo(backlog.staleAfter()) > 0;
            stale |= behind;
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("size", backlog.size());
            one.put("oldestSeconds", age.map(Duration::toSeconds).orElse(0L));
            one.put("staleAfterSeconds", backlog.staleAfter().toSeconds());
            one.put("draining", !behind);
            details.put(backlog.name(), one);
        }
        return (stale ? Health.status(DEGRADED) : Health.up()).withDetails(details).build();
    }
}
