package io.countersign.web;

import io.countersign.approval.DecisionRefused;
import io.countersign.approval.Progress;
import io.countersign.approval.Standing;
import io.countersign.intake.ChangeRequest;
import io.countersign.ui.shared.RequestStatus;

/**
 * Why a person is offered no approval on a request, in words for the page and the inbox. The facts come from the one
 * judge ({@link Standing}: its refusal and the approval's {@link Progress}); this only puts them into sentences.
 */
final class NoDecisionReasons {

    private NoDecisionReasons() {
    }

    /** The reason, or null if the person's approval would be accepted now. */
    static String of(ChangeRequest request, Standing standing) {
        RequestStatus status = UiTypes.status(request);
        if (status == RequestStatus.APPROVED) {
            return "Approved: nothing more to decide. The plan waits for its executor to run it.";
        }
        if (status == RequestStatus.SUBMITTED || status == RequestStatus.CLASSIFIED) {
            return "Not waiting for approval yet: the plan is being classified.";
        }
        if (!status.isOpen()) {
            return "No decision is open: the request is " + status.label().toLowerCase() + ".";
        }
        if (standing == null) {
            return "Not waiting for approval yet: the plan is being classified.";
        }
        if (standing.task().isEmpty()) {
            return "The approval task is not open yet.";
        }
        return standing.whyNotApprove().map(refused -> sentence(refused, standing.progress())).orElse(null);
    }

    private static String sentence(DecisionRefused refused, Progress progress) {
        String needed = progress.stillNeeded().isEmpty() ? "" : "; it still " + progress.stillNeeded();
        return switch (refused) {
            case DecisionRefused.SelfApprovalRefused s -> "You requested this plan, so another approver must decide it.";
            case DecisionRefused.AgentCannotDecide a -> "Agents cannot decide; only people can.";
            case DecisionRefused.NotAnApprover n -> "You are not in a group this approval is routed to ("
                    + String.join(", ", progress.routedGroups()) + ").";
            case DecisionRefused.AlreadyDecided a -> "You already decided on this plan" + needed + ".";
            case DecisionRefused.GroupAlreadyCovered g -> "Not your group's turn: your groups are already represented"
                    + needed + ", and an approval from your groups would not count.";
            case DecisionRefused.ApprovalConcluded c -> "No decision is open: the approval was already "
                    + c.conclusion().describe() + ".";
            case DecisionRefused.TaskNotOpen t -> "No decision is open: the approval is closed.";
            case DecisionRefused.CommentRequired c -> null;
        };
    }
}
