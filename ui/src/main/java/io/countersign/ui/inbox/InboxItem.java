package io.countersign.ui.inbox;

import io.countersign.ui.shared.AgentRef;
import io.countersign.ui.shared.Tier;
import java.time.Instant;
import java.util.Objects;

/**
 * One open approval task in the viewer's inbox.
 *
 * @param requestId         the change request the task belongs to
 * @param taskId            the approval task, for claim and unclaim
 * @param submittedAt       when the plan was submitted (newest first among equals)
 * @param slaDueAt          when the task escalates; {@code null} if its tier has no SLA
 * @param escalated         the SLA has passed and the escalation groups were notified
 * @param claimedBy         username of whoever claimed it, {@code null} if unclaimed
 * @param approvals         approvals collected so far
 * @param requiredApprovals approvals the tier needs (2 for the two-person review)
 */
public record InboxItem(String requestId, String taskId, String title, String service, String environment, Tier tier,
                        String requestedBy, AgentRef agent, Instant submittedAt, Instant slaDueAt, boolean escalated,
                        String claimedBy, int approvals, int requiredApprovals) {

    public InboxItem {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }

    public boolean isClaimedBy(String username) {
        return username.equals(claimedBy);
    }
}
