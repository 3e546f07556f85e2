package io.countersign.approval;

/**
 * A decision the service will not record. Each subclass names the fact that refused it; the message is the reason a
 * person reads.
 */
public abstract sealed class DecisionRefused extends RuntimeException
        permits DecisionRefused.SelfApprovalRefused, DecisionRefused.AgentCannotDecide,
        DecisionRefused.NotAnApprover, DecisionRefused.AlreadyDecided, DecisionRefused.CommentRequired,
        DecisionRefused.TaskNotOpen {

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
}
