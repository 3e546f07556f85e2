package io.countersign.web;

import io.countersign.intake.ChangeRequest;
import io.countersign.policy.Tier;
import io.countersign.workflows.ChangeRequestProcess.Elements;
import java.util.Set;

/**
 * Where a request's process instance stands, read from the request's own status rather than asked of the engine:
 * the embedded engine and a cluster offer no common query API, and the status is written by the same workers that
 * move the instance on. A closed request points at the end event it reached.
 */
final class ProcessSteps {

    private ProcessSteps() {
    }

    static Set<String> activeElementIds(ChangeRequest request) {
        return switch (request.status()) {
            case SUBMITTED -> Set.of(Elements.TASK_VERIFY_PLAN);
            case CLASSIFIED -> Set.of(afterClassification(request.tier()));
            case PENDING_APPROVAL -> Set.of(Elements.CATCH_DECISION);
            // The event-based gateway waits for whichever comes first: the report or the end of the window.
            case APPROVED -> Set.of(Elements.GATEWAY_AWAIT_EXECUTION, Elements.CATCH_EXECUTION,
                    Elements.TIMER_APPROVAL_WINDOW);
            case EXECUTED -> Set.of(Elements.END_EXECUTED);
            case DENIED -> Set.of(Elements.END_DENIED);
            case REJECTED -> Set.of(Elements.END_REJECTED);
            case CHANGES_REQUESTED -> Set.of(Elements.END_CHANGES_REQUESTED);
            case EXPIRED -> Set.of(Elements.END_EXPIRED);
            case WITHDRAWN -> Set.of(Elements.END_WITHDRAWN);
            case APPROVAL_LAPSED -> Set.of(Elements.END_LAPSED);
        };
    }

    private static String afterClassification(Tier tier) {
        if (tier == Tier.DENIED) {
            return Elements.TASK_DENY;
        }
        return tier == Tier.LOW ? Elements.TASK_APPROVE : Elements.TASK_OPEN_APPROVAL;
    }
}
