package io.countersign.ui.request;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the request's approval stands, in the service's words (its one judge put them; the page only shows them).
 *
 * @param requirement       what the tier requires, e.g. "2 people: 1 from cost-explorer-approvers, 1 from sre"
 * @param stillNeeded       e.g. "needs 1 from sre"; empty once concluded
 * @param approvedBy        whose approvals count, e.g. "bob (cost-explorer-approvers)"; "nobody yet"
 * @param groups            per routed group in two-person review, who represents it; empty otherwise
 * @param waitingOn         the groups whose approval would count now; empty once concluded
 * @param claimedBy         who claimed the approval task; {@code null} if nobody
 * @param expiresAt         when a pending approval expires; {@code null} if none is pending
 * @param approvalWindow    how long an approved plan may wait to run; {@code null} for no tier
 * @param approvalExpiresAt when the approval lapses unless the plan ran; {@code null} until approved
 * @param whyNot            why the viewer is offered no approval (or no decision at all); {@code null} if they are
 */
public record ApprovalProgress(String requirement, String stillNeeded, String approvedBy, int approved, int required,
                               List<GroupNeed> groups, List<String> waitingOn, String claimedBy, Instant expiresAt,
                               Duration approvalWindow, Instant approvalExpiresAt, String whyNot) {

    /** One routed group: represented by these approvers, or not yet. */
    public record GroupNeed(String group, List<String> approvedBy) {
        public GroupNeed {
            approvedBy = List.copyOf(approvedBy);
        }

        public boolean met() {
            return !approvedBy.isEmpty();
        }
    }

    public ApprovalProgress {
        Objects.requireNonNull(requirement, "requirement");
        stillNeeded = stillNeeded == null ? "" : stillNeeded;
        groups = List.copyOf(groups);
        waitingOn = List.copyOf(waitingOn);
    }

    public boolean complete() {
        return stillNeeded.isEmpty();
    }
}
