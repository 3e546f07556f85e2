package io.countersign.approval;

import io.countersign.policy.Tier;
import java.time.Instant;

/** One open approval as an approver's inbox lists it. */
public record InboxEntry(
        String taskId,
        String requestId,
        String title,
        String service,
        String environment,
        Tier tier,
        String requestedBy,
        String agentId,
        String agentName,
        Instant submittedAt,
        Instant slaDueAt,
        Instant expiresAt,
        boolean escalated,
        String claimedBy,
        int approvals,
        int requiredApprovals) {
}
