package io.countersign.approval;

import java.time.Instant;
import java.util.List;

/**
 * Someone broke glass: published in the transaction that approved the plan, for listeners after commit (the
 * notification channels tell the escalation group and the owning team).
 */
public record BreakGlassUsed(String requestId, String invokedBy, String reason, String incidentRef, String service,
                             String environment, List<String> notifyGroups, Instant reviewDueAt) {
}
