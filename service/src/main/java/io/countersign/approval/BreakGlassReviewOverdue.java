package io.countersign.approval;

import java.time.Instant;
import java.util.List;

/** A break-glass was not reviewed in time: for listeners after commit (tell the escalation group and reviewers). */
public record BreakGlassReviewOverdue(String requestId, String invokedBy, Instant reviewDueAt,
                                      List<String> notifyGroups) {
}
