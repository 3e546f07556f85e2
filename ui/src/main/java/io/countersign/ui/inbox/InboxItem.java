package io.countersign.ui.inbox;

import io.countersign.ui.shared.AgentRef;
import io.countersign.ui.shared.Operation;
import io.countersign.ui.shared.Tier;
import java.time.Instant;
import java.util.List;
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
 * @param approvals         approvals that count so far, as the service's one judge counts them
 * @param requiredApprovals approvals the tier needs (2 for the two-person review)
 * @param operations        the plan's operations, in the order its actions run, each once
 * @param expiresAt         when the approval expires if nobody concludes it; {@code null} if never
 * @param needsYou          the viewer's approval would count now
 * @param stillNeeded       what the approval still needs, in the service's words ("needs 1 from sre")
 * @param whyNotYou         why it does not wait on the viewer ("You approved it"); {@code null} if it does
 */
public record InboxItem(String requestId, String taskId, String title, String service, String environment, Tier tier,
                        String requestedBy, AgentRef agent, Instant submittedAt, Instant slaDueAt, boolean escalated,
                        String claimedBy, int approvals, int requiredApprovals, List<Operation> operations,
                        Instant expiresAt, boolean needsYou, String stillNeeded, String whyNotYou) {

    public InboxItem {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(submittedAt, "submittedAt");
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    public boolean destructive() {
        return operations.stream().anyMatch(Operation::destructive);
    }

    public boolean isClaimedBy(String username) {
        return username.equals(claimedBy);
    }
}
