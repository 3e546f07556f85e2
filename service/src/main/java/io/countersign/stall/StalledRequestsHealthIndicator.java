package io.countersign.stall;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code stalledRequests}: degraded while any request is stalled. The service still works, so the status maps to
 * HTTP 200 (see {@code management.endpoint.health}); a load balancer keeps sending traffic and a monitor sees it.
 */
@Component
class StalledRequestsHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "requests are stalled; an admin can retry or close them");

    private final StalledRequests stalls;

    StalledRequestsHealthIndicator(StalledRequests stalls) {
        this.stalls = stalls;
    }

    @Override
    public Health health() {
        int count = stalls.count();
        return (count == 0 ? Health.up() : Health.status(DEGRADED)).withDetail("count", count).build();
    }
}
