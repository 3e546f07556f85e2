package io.countersign.ui.request;

import io.countersign.ui.shared.Decision;

/**
 * A decision the service accepted.
 *
 * @param approvals         approvals collected, this one included
 * @param requiredApprovals approvals the tier needs
 * @param concluded         whether this decision concluded the approval (the service's verdict, not a count here)
 */
public record DecisionRecorded(Decision decision, int approvals, int requiredApprovals, boolean concluded) {

    /** What the page tells the approver. */
    public String summary() {
        return switch (decision) {
            case APPROVE -> concluded
                    ? "Approved: all %d required approvals are in.".formatted(requiredApprovals)
                    : "Your approval is recorded: %d of %d required.".formatted(approvals, requiredApprovals);
            case REJECT -> "Rejected. The requester and their agent are told.";
            case REQUEST_CHANGES -> "Changes requested. The agent can submit a revised plan.";
        };
    }
}
