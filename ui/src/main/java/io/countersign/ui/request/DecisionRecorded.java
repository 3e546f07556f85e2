package io.countersign.ui.request;

import io.countersign.ui.shared.Decision;

/**
 * A decision the service accepted, with where the approval stands after it, in the service's words.
 *
 * @param concluded   whether this decision concluded the approval (the service's verdict, not a count here)
 * @param approvedBy  whose approvals count now, e.g. "bob (cost-explorer-approvers) and dave (sre)"
 * @param stillNeeded what a pending approval still needs, e.g. "needs 1 from sre"; empty once concluded
 */
public record DecisionRecorded(Decision decision, boolean concluded, String approvedBy, String stillNeeded) {

    /** What the page tells the approver. */
    public String summary() {
        return switch (decision) {
            case APPROVE -> concluded
                    ? "Approved by %s: the approval is complete.".formatted(approvedBy)
                    : "Your approval is recorded; the plan still %s.".formatted(stillNeeded);
            case REJECT -> "Rejected. The requester and their agent are told.";
            case REQUEST_CHANGES -> "Changes requested. The agent can submit a revised plan.";
        };
    }
}
