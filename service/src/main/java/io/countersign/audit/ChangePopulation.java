package io.countersign.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The population an auditor samples from (SOC 2 CC8.1, ISO 27002 8.32): one row per change request submitted in a
 * period, read from the audit log alone, so that it agrees with the evidence the samples are then checked against.
 */
@Component
class ChangePopulation {

    /** The events that conclude a request, and so give its outcome and decision time. */
    static final Set<String> CONCLUSIONS = Set.of("APPROVED", "REJECTED", "DENIED", "EXPIRED", "WITHDRAWN",
            "APPROVAL_LAPSED", "CHANGES_REQUESTED");

    /** One change. {@code emergency} is true when someone broke glass to approve it. */
    @JsonPropertyOrder({"requestId", "title", "service", "environment", "tier", "outcome", "requester", "agent",
            "approvers", "submittedAt", "decidedAt", "executedAt", "emergency"})
    record Change(String requestId, String title, String service, String environment, String tier, String outcome,
            String requester, String agent, List<String> approvers, Instant submittedAt, Instant decidedAt,
            Instant executedAt, boolean emergency) {
    }

    static final List<String> CSV_HEADER = List.of("requestId", "title", "service", "environment", "tier",
            "outcome", "requester", "agent", "approvers", "submittedAt", "decidedAt", "executedAt", "emergency");

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    ChangePopulation(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(2_000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The requests first submitted in [from, to), in order of submission, handed over one at a time. */
    void stream(Instant from, Instant to, Consumer<Change> sink) {
        readOnly.executeWithoutResult(status -> {
            var builder = new Builder[1];
            streaming.query("""
                    SELECT e.request_id, e.event_type, e.occurred_at, e.actor, e.outcome, e.tier, e.service,
                           e.environment, e.requested_by, e.agent_id, e.details
                    FROM audit_entry e
                    JOIN (SELECT request_id, MIN(occurred_at) AS submitted_at FROM audit_entry
                          WHERE event_type = 'SUBMITTED' AND request_id IS NOT NULL
                          GROUP BY request_id
                          HAVING MIN(occurred_at) >= ? AND MIN(occurred_at) < ?) s ON s.request_id = e.request_id
                    ORDER BY s.submitted_at, e.request_id, e.occurred_at, e.id""", rs -> {
                String requestId = rs.getString(1);
                if (builder[0] == null || !builder[0].requestId.equals(requestId)) {
                    if (builder[0] != null) {
                        sink.accept(builder[0].build());
                    }
                    builder[0] = new Builder(requestId);
                }
                builder[0].add(rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11));
            }, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
            if (builder[0] != null) {
                sink.accept(builder[0].build());
            }
        });
    }

    /** Folds one request's entries, oldest first, into its row. */
    private static final class Builder {
        final String requestId;
        String title;
        String service;
        String environment;
        String tier;
        String outcome = "PENDING";
        String requester;
        String agent;
        final Set<String> approvers = new LinkedHashSet<>();
        Instant submittedAt;
        Instant decidedAt;
        Instant executedAt;
        boolean emergency;

        Builder(String requestId) {
            this.requestId = requestId;
        }

        void add(String type, Instant at, String actor, String eventOutcome, String eventTier, String eventService,
                String eventEnvironment, String requestedBy, String agentId, String details) {
            switch (type) {
                case "SUBMITTED" -> {
                    if (submittedAt == null) {
                        submittedAt = at;
                    }
                    // A resubmission (revision) keeps the first time but the latest description.
                    title = SubmittedDetails.parse(details).title();
                    service = eventService;
                    environment = eventEnvironment;
                    requester = requestedBy;
                    agent = agentId;
                }
                case "CLASSIFIED" -> tier = eventOutcome != null ? eventOutcome : eventTier;
                case "DECIDED" -> {
                    if ("APPROVE".equals(eventOutcome)) {
                        approvers.add(actor);
                    }
                }
                // breakglass (issue 14): the entry approval.BreakGlasses writes when one person approves at once.
                case "BREAK_GLASS" -> {
                    emergency = true;
                    approvers.add(actor);
                }
                case "EXECUTED" -> {
                    if (executedAt == null) {
                        executedAt = at;
                    }
                }
                default -> {
                    if (CONCLUSIONS.contains(type)) {
                        outcome = type;
                        decidedAt = at;
                    }
                }
            }
            if (tier == null && eventTier != null) {
                tier = eventTier;
            }
        }

        Change build() {
            return new Change(requestId, title, service, environment, tier, outcome, requester, agent,
                    new ArrayList<>(approvers), submittedAt, decidedAt, executedAt, emergency);
        }
    }
}
