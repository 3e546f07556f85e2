package io.countersign.ops;

import io.countersign.common.AfterCommit;
import io.countersign.common.CountersignMetrics;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.RequestDecided;
import io.countersign.policy.Tier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;

/**
 * Approvals waiting, SLA breaches and expiries by tier (read from the database, so a restart or a second instance
 * does not reset or double them), and the time from submission to decision (recorded once, after the decision
 * commits, by the instance that took it).
 */
@Component
class RequestMetrics {

    private final CountersignMetrics metrics;
    private final Clock clock;
    private final TierCounts[] counts;

    RequestMetrics(MeterRegistry registry, JdbcClient jdbc, CountersignMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        TierCounts waiting = new TierCounts(jdbc,
                "select tier, count(*) from change_request where status = 'PENDING_APPROVAL' group by tier",
                System::nanoTime);
        TierCounts breaches = new TierCounts(jdbc, "select r.tier, count(*) from approval_task t"
                + " join change_request r on r.id = t.request_id where t.escalated group by r.tier", System::nanoTime);
        TierCounts expiries = new TierCounts(jdbc,
                "select tier, count(*) from change_request where status = 'EXPIRED' group by tier", System::nanoTime);
        for (Tier tier : Tier.values()) {
            if (!tier.needsApproval()) {
                continue;
            }
            String name = tier.name();
            Gauge.builder(CountersignMetrics.APPROVALS_WAITING, waiting, counts -> counts.of(tier))
                    .description("requests waiting for approval, by tier").tag("tier", name).strongReference(true)
                    .register(registry);
            FunctionCounter.builder(CountersignMetrics.SLA_BREACHES, breaches, counts -> counts.of(tier))
                    .description("approvals escalated after their SLA, by tier").tag("tier", name)
                    .register(registry);
            FunctionCounter.builder(CountersignMetrics.EXPIRIES, expiries, counts -> counts.of(tier))
                    .description("requests that expired undecided, by tier").tag("tier", name).register(registry);
        }
        // Micrometer holds what a function counter reads only weakly; the bean holds it for its life.
        this.counts = new TierCounts[] {waiting, breaches, expiries};
    }

    /**
     * Counted once the decision commits. A plain listener with an after-commit hook, not a transactional event
     * listener: Spring Modulith would store every event such a listener takes in its publication registry, and this
     * one carries the whole aggregate.
     */
    @EventListener
    void on(RequestDecided decided) {
        ChangeRequest request = decided.request();
        String tier = request.tier() == null ? "NONE" : request.tier().name();
        String status = request.status().name();
        Duration elapsed = Duration.between(request.submission().createdAt(), clock.instant());
        AfterCommit.run(() -> metrics.decided(tier, status, elapsed.isNegative() ? Duration.ZERO : elapsed));
    }
}
