package io.countersign.approval;

import io.countersign.policy.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where an approval stands, as the one judge ({@link Approval}) counts it: what the tier requires, whose approvals
 * are in, which groups are still missing, and whose approval can count now. Every screen, the API, the flash after a
 * decision and the notifications put it in these words, so they cannot disagree.
 *
 * @param outcome           the verdict over the counted decisions, or the stored conclusion (withdrawn, expired)
 * @param requiredApprovals approvals by distinct people the tier needs; 0 for a tier approved without people
 * @param eachGroupRequired two-person review: every routed group must be represented among the approvers
 * @param routedGroups      the groups the approval was routed to by the policy
 * @param approvals         the approvals that count, in the order they were given
 * @param missingGroups     routed groups no counted approval covers yet (empty unless each group is required)
 * @param waitingOn         the groups whose member's approval would count now; empty once concluded
 */
public record Progress(Tier tier, ApprovalOutcome outcome, int requiredApprovals, boolean eachGroupRequired,
                       List<String> routedGroups, List<Approved> approvals, List<String> missingGroups,
                       List<String> waitingOn) {

    /** One approval that counts: who gave it, for which of the routed (or escalation) groups, and when. */
    public record Approved(String by, List<String> groups, Instant at) {
        public Approved {
            Objects.requireNonNull(by, "by");
            groups = List.copyOf(groups);
        }

        /** "bob (cost-explorer-approvers)". */
        public String describe() {
            return groups.isEmpty() ? by : by + " (" + String.join(", ", groups) + ")";
        }
    }

    /** One routed group in two-person review: whether it is represented yet, and by whom. */
    public record GroupNeed(String group, List<String> approvedBy) {
        public GroupNeed {
            approvedBy = List.copyOf(approvedBy);
        }

        public boolean met() {
            return !approvedBy.isEmpty();
        }
    }

    public Progress {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(outcome, "outcome");
        routedGroups = List.copyOf(routedGroups);
        approvals = List.copyOf(approvals);
        missingGroups = List.copyOf(missingGroups);
        waitingOn = List.copyOf(waitingOn);
    }

    /** A plan its tier approves without people (LOW). */
    static Progress automatic(Tier tier, ApprovalOutcome outcome) {
        return new Progress(tier, outcome, 0, false, List.of(), List.of(), List.of(), List.of());
    }

    public boolean isConcluded() {
        return outcome != ApprovalOutcome.PENDING;
    }

    /**
     * Required approvals filled so far. An approval from a group already represented fills no slot while another
     * group is still missing, so two owners' approvals on a two-person review are 1 of 2, not 2 of 2.
     */
    public int approved() {
        if (requiredApprovals == 0) {
            return approvals.size();
        }
        int open = Math.max(requiredApprovals - approvals.size(), missingGroups.size());
        return Math.max(0, requiredApprovals - open);
    }

    /** Per routed group, who represents it; empty unless each group is required. */
    public List<GroupNeed> groupNeeds() {
        if (!eachGroupRequired) {
            return List.of();
        }
        return routedGroups.stream()
                .map(g -> new GroupNeed(g, approvals.stream().filter(a -> a.groups().contains(g))
                        .map(Approved::by).toList()))
                .toList();
    }

    /** What the tier requires: "2 people: 1 from cost-explorer-approvers, 1 from sre". */
    public String requirement() {
        if (requiredApprovals == 0) {
            return tier == Tier.LOW ? "no approval: LOW plans are approved automatically" : "no approval";
        }
        String people = people(requiredApprovals);
        if (!eachGroupRequired) {
            return people + " from " + String.join(" or ", routedGroups);
        }
        List<String> parts = new ArrayList<>(routedGroups.stream().map(g -> "1 from " + g).toList());
        int extra = requiredApprovals - routedGroups.size();
        if (extra > 0) {
            parts.add(extra + " more from any of them");
        }
        return people + ": " + String.join(", ", parts);
    }

    /**
     * What a pending approval still needs: "needs 1 from sre", "needs 1 from cost-explorer-approvers and 1 from sre",
     * "needs 1 more from cost-explorer-approvers or sre". Empty once concluded.
     */
    public String stillNeeded() {
        if (isConcluded()) {
            return "";
        }
        List<String> parts = new ArrayList<>(missingGroups.stream().map(g -> "1 from " + g).toList());
        int extra = requiredApprovals - approved() - missingGroups.size();
        if (extra > 0) {
            parts.add(extra + (approved() > 0 || !missingGroups.isEmpty() ? " more" : "") + " from "
                    + String.join(" or ", waitingOn));
        }
        return parts.isEmpty() ? "" : "needs " + String.join(" and ", parts);
    }

    /** Whose approvals are in: "bob (cost-explorer-approvers) and dave (sre)"; "nobody yet". */
    public String approvedByWords() {
        if (approvals.isEmpty()) {
            return "nobody yet";
        }
        List<String> each = approvals.stream().map(Approved::describe).toList();
        return each.size() == 1 ? each.getFirst()
                : String.join(", ", each.subList(0, each.size() - 1)) + " and " + each.getLast();
    }

    /** One line for lists and notifications: "1 of 2 approvals in; needs 1 from sre", or the outcome once concluded. */
    public String summary() {
        if (requiredApprovals == 0) {
            return requirement();
        }
        String in = approved() + " of " + requiredApprovals + " approvals in";
        return isConcluded() ? in + "; " + outcome.words() : in + "; " + stillNeeded();
    }

    /** Whether someone in these groups would make an approval that counts now. */
    public boolean waitsOnAnyOf(java.util.Collection<String> groups) {
        return groups.stream().anyMatch(waitingOn::contains);
    }

    private static String people(int n) {
        return n == 1 ? "1 person" : n + " people";
    }
}
