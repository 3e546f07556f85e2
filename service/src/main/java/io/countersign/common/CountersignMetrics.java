package io.countersign.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The one place that names Countersign's business metrics (see docs/operations.md for the list and the Grafana
 * dashboard). Capabilities call it where the fact happens; the meter names and tags stay here so a dashboard, an alert
 * and the code agree. Gauges that read the database (waiting approvals, backlogs) are registered by {@code ops}.
 */
@Component
public class CountersignMetrics {

    public static final String SUBMISSIONS = "countersign.submissions";
    public static final String DECISION_TIME = "countersign.decision.time";
    /** Approvals escalated after their SLA and requests that expired undecided, counted from the database. */
    public static final String SLA_BREACHES = "countersign.sla.breaches";
    public static final String EXPIRIES = "countersign.expiries";
    public static final String BREAK_GLASS_USES = "countersign.breakglass.uses";
    /** Audit entries written and sealed, counted from the database (the same figure on every instance). */
    public static final String AUDIT_APPENDED = "countersign.audit.appended";
    public static final String AUDIT_SEALED = "countersign.audit.sealed";
    /** Seconds the embedded engine took to replay its log at its last start. */
    public static final String ENGINE_REPLAY_TIME = "countersign.engine.replay.time";
    public static final String APPROVALS_WAITING = "countersign.approvals.waiting";
    public static final String BACKLOG_SIZE = "countersign.backlog.size";
    public static final String BACKLOG_AGE = "countersign.backlog.age";

    /** Submission channels; another channel is a new constant here. */
    public static final String CHANNEL_API = "api";
    public static final String CHANNEL_WEB = "web";
    public static final String CHANNEL_MCP = "mcp";

    /** Submission outcomes: a new request, a replay of an earlier one (same Idempotency-Key), or refused. */
    public static final String OUTCOME_ACCEPTED = "accepted";
    public static final String OUTCOME_REPLAYED = "replayed";
    public static final String OUTCOME_REFUSED = "refused";

    private final MeterRegistry registry;

    public CountersignMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A plan arrived on {@code channel} and was {@code outcome} (one of the {@code OUTCOME_} constants). */
    public void submission(String channel, String outcome) {
        Counter.builder(SUBMISSIONS).description("plans submitted, by channel and outcome")
                .tag("channel", channel).tag("outcome", outcome).register(registry).increment();
    }

    /** A request of {@code tier} reached decided status {@code status} {@code elapsed} after it was submitted. */
    public void decided(String tier, String status, Duration elapsed) {
        Timer.builder(DECISION_TIME).description("time from submission to decision, by tier and outcome")
                .tag("tier", tier).tag("outcome", status)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(3))
                .register(registry).record(elapsed);
    }

    /** Somebody used break-glass; {@code tier} is the tier it overrode. */
    public void breakGlassUsed(String tier) {
        Counter.builder(BREAK_GLASS_USES).description("break-glass approvals")
                .tag("tier", tier).register(registry).increment();
    }
}
