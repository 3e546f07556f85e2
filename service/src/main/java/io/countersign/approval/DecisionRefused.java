package io.countersign.approval;

/**
 * A decision the service will not record. Each subclass names the fact that refused it; the message is the reason a
 * person reads.
 */
public abstract sealed class DecisionRefused extends RuntimeException
        permits DecisionRefused.SelfApprovalRefused, DecisionRefused.AgentCannotDecide,
        DecisionRefused.NotAnApprover, DecisionRefused.AlreadyDecided, DecisionRefused.CommentRequired,
        DecisionRefused.TaskNotOpen, DecisionRefused.ApprovalConcluded, DecisionRefused.GroupAlreadyCovered {

    DecisionRefused(String reason) {
        super(reason);
    }

    /** Nobody decides on a plan they requested or submitted. */
    public static final class SelfApprovalRefused extends DecisionRefused {
        SelfApprovalRefused(String who) {
            super(who + " requested this plan and cannot decide on it; another approver must");
        }
    }

    /** Agents propose; only humans decide. */
    public static final class AgentCannotDecide extends DecisionRefused {
        AgentCannotDecide(String agent) {
            super("agent " + agent + " cannot decide on approvals; only people can");
        }
    }

    /** The decider is in none of the groups this approval is routed to. */
    public static final class NotAnApprover extends DecisionRefused {
        NotAnApprover(String who, Iterable<String> groups) {
            super(who + " is not in any group this approval is routed to (" + String.join(", ", groups) + ")");
        }
    }

    /** One decision per person per plan: a second one does not count again. */
    public static final class AlreadyDecided extends DecisionRefused {
        AlreadyDecided(String who) {
            super(who + " has already decided on this plan; a second approval by the same person does not count");
        }
    }

    /** The policy wants a reason in writing for this decision. */
    public static final class CommentRequired extends DecisionRefused {
        CommentRequired(String why) {
            super("a comment is required: " + why);
        }
    }

    /** The approval is no longer waiting for decisions. */
    public static final class TaskNotOpen extends DecisionRefused {
        TaskNotOpen(String status) {
            super("this approval is closed (the request is " + status + ")");
        }
    }

    /**
     * The approval is already concluded: the decision that concluded it was the last one accepted, and nothing after
     * it counts. Carries what was concluded, by whom and when, so the person can be told.
     */
    public static final class ApprovalConcluded extends DecisionRefused {
        private final Conclusion conclusion;

        ApprovalConcluded(Conclusion conclusion) {
            super("this approval is already concluded: " + conclusion.describe() + "; your decision was not recorded");
            this.conclusion = conclusion;
        }

        public Conclusion conclusion() {
            return conclusion;
        }
    }

    /**
     * Two-person review needs each routed group represented, and the only approval still to come must come from a
     * group nobody has covered yet; one more approval from a covered group would count for nothing.
     */
    public static final class GroupAlreadyCovered extends DecisionRefused {
        GroupAlreadyCovered(String who, java.util.List<String> missing) {
            super("your groups are already represented; this plan waits for an approval from "
                    + String.join(" and ", missing) + ", so an approval by " + who + " would not count");
        }
    }
}
