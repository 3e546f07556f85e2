package io.countersign.approval;

import java.util.List;

/**
 * The one judge's answer after a decision: the approval's outcome, the distinct people whose approvals count, and
 * what it still waits for.
 *
 * @param approvedBy        distinct valid approvers, in the order they approved: the names an approval token binds
 * @param missingGroups     routed groups no valid approver covers yet (empty unless each group must be represented)
 * @param requiredApprovals approvals by distinct people the tier needs
 * @param decisions         decisions recorded on the approval, counting or not
 */
public record Verdict(ApprovalOutcome outcome, List<String> approvedBy, List<String> missingGroups,
                      int requiredApprovals, int decisions) {

    public Verdict {
        approvedBy = List.copyOf(approvedBy);
        missingGroups = List.copyOf(missingGroups);
    }

    public boolean isConcluded() {
        return outcome != ApprovalOutcome.PENDING;
    }

    /** What a pending approval waits for, in words; empty once concluded. */
    public String waitingFor() {
        if (isConcluded()) {
            return "";
        }
        int more = Math.max(0, requiredApprovals - approvedBy.size());
        String people = more == 0 ? "" : more + " more approval" + (more == 1 ? "" : "s") + " by distinct people";
        String groups = missingGroups.isEmpty() ? "" : "an approval from " + String.join(" and from ", missingGroups);
        return people.isEmpty() ? groups : groups.isEmpty() ? people : people + ", including " + groups;
    }
}
