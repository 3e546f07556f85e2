package io.countersign.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The policy's verdict on a plan: its tier, why (the DMN rule that fired), and how it must be approved.
 *
 * @param approverGroups   the groups whose members may decide (resolved from the teams directory)
 * @param requireEachGroup whether every group must be represented among the approvers (two-person review)
 */
public record Classification(
        Tier tier,
        String reason,
        String ruleId,
        int requiredApprovals,
        List<String> approverGroups,
        boolean requireEachGroup,
        boolean commentRequired,
        Duration slaDuration,
        Duration expiryDuration,
        Duration approvalWindow) {

    public Classification {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(ruleId, "ruleId");
        approverGroups = List.copyOf(approverGroups);
        if (requiredApprovals < 0 || requiredApprovals > 2) {
            throw new IllegalArgumentException("requiredApprovals must be 0, 1 or 2, was " + requiredApprovals);
        }
        if (tier == Tier.CRITICAL && requiredApprovals < 2) {
            throw new IllegalArgumentException("a CRITICAL plan needs two approvals; the policy said " + requiredApprovals);
        }
        if (tier.needsApproval() && (requiredApprovals < 1 || approverGroups.isEmpty())) {
            throw new IllegalArgumentException(tier + " needs at least one approval from a named group");
        }
    }
}
