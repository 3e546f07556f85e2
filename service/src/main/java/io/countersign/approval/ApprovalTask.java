package io.countersign.approval;

import java.time.Instant;
import java.util.List;

/** An approval waiting for (or done with) human decisions on one change request; {@code conclusion} is null while it waits. */
public record ApprovalTask(
        String id,
        String requestId,
        boolean open,
        List<String> approverGroups,
        List<String> escalationGroups,
        boolean escalated,
        String claimedBy,
        Instant openedAt,
        Instant slaDueAt,
        Instant expiresAt,
        Conclusion conclusion) {

    public ApprovalTask {
        approverGroups = List.copyOf(approverGroups);
        escalationGroups = List.copyOf(escalationGroups);
    }

    /** Everyone who may decide: the routed groups plus any added on escalation. */
    public java.util.Set<String> deciderGroups() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(approverGroups);
        all.addAll(escalationGroups);
        return all;
    }
}
