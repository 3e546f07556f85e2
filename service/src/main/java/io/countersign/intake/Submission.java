package io.countersign.intake;

import java.time.Instant;

/**
 * The immutable part of a change request: the plan as submitted, who submitted it and how.
 *
 * @param submittedBy   the authenticated principal: a user name, or an agent id for agent tokens
 * @param submitterKind {@code HUMAN} or {@code AGENT}
 */
public record Submission(
        String id,
        ChangePlan plan,
        String planJson,
        String planHash,
        String submittedBy,
        String submitterKind,
        String idempotencyKey,
        String bodyFingerprint,
        Instant createdAt) {

    public String requestedBy() {
        return plan.requestedBy();
    }

    public String agentId() {
        return plan.agent() == null ? null : plan.agent().id();
    }
}
