package io.countersign.web;

import io.countersign.intake.ChangeRequest;
import io.countersign.policy.Tier;
import io.countersign.workflows.ChangeRequestProcess.Elements;
import java.util.ArrayList;
import java.util.List;
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
            case SUBMITTED -> Set.of(Elements.TASK_CLASSIFY_ACTION);
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

    /**
     * The elements the instance passed through to get where it is, in order, read from the status and tier as
     * {@link #activeElementIds} is. The diagram marks them and the flows between them. A withdrawal shows the
     * withdrawal's own path after what was reached by then.
     */
    static List<String> pathTaken(ChangeRequest request) {
        List<String> path = new ArrayList<>(List.of(Elements.START));
        if (request.status() == io.countersign.intake.RequestStatus.SUBMITTED) {
            return path;
        }
        if (request.tier() == null) {
            if (request.status() == io.countersign.intake.RequestStatus.DENIED) {
                // The plan no longer matched its hash when the service came to record the classification.
                path.addAll(List.of(Elements.TASK_CLASSIFY_ACTION, Elements.TASK_SELECT_RISKIEST_ACTION,
                        Elements.TASK_RECORD_CLASSIFICATION, Elements.BOUNDARY_PLAN_MISMATCH, Elements.TASK_DENY,
                        Elements.END_DENIED));
            } else if (request.status() == io.countersign.intake.RequestStatus.WITHDRAWN) {
                path.addAll(withdrawal());
            }
            return path;
        }
        path.addAll(List.of(Elements.TASK_CLASSIFY_ACTION, Elements.TASK_SELECT_RISKIEST_ACTION,
                Elements.TASK_RECORD_CLASSIFICATION, Elements.GATEWAY_TIER));
        switch (request.status()) {
            case SUBMITTED, CLASSIFIED -> { }
            case DENIED -> path.addAll(List.of(Elements.TASK_DENY, Elements.END_DENIED));
            case PENDING_APPROVAL -> path.addAll(approvalOpened());
            case REJECTED -> path.addAll(decided(Elements.END_APPROVAL_REJECTED, Elements.TASK_REJECT,
                    Elements.END_REJECTED));
            case CHANGES_REQUESTED -> path.addAll(decided(Elements.END_APPROVAL_CHANGES_REQUESTED,
                    Elements.TASK_REQUEST_CHANGES, Elements.END_CHANGES_REQUESTED));
            case EXPIRED -> {
                path.addAll(approvalOpened());
                path.addAll(List.of(Elements.BOUNDARY_EXPIRED, Elements.TASK_EXPIRE, Elements.END_EXPIRED));
            }
            case WITHDRAWN -> {
                if (request.tier() != Tier.LOW && request.tier() != Tier.DENIED) {
                    path.addAll(approvalOpened());
                }
                path.addAll(withdrawal());
            }
            case APPROVED -> path.addAll(approved(request.tier()));
            case EXECUTED -> {
                path.addAll(approved(request.tier()));
                path.addAll(List.of(Elements.CATCH_EXECUTION, Elements.TASK_RECORD_EXECUTION, Elements.END_EXECUTED));
            }
            case APPROVAL_LAPSED -> {
                path.addAll(approved(request.tier()));
                path.addAll(List.of(Elements.TIMER_APPROVAL_WINDOW, Elements.TASK_LAPSE, Elements.END_LAPSED));
            }
        }
        return path;
    }

    private static List<String> approvalOpened() {
        return List.of(Elements.SUBPROCESS_APPROVAL, Elements.TASK_OPEN_APPROVAL, Elements.CATCH_DECISION);
    }

    private static List<String> decided(String approvalEnd, String task, String end) {
        List<String> path = new ArrayList<>(approvalOpened());
        path.addAll(List.of(Elements.GATEWAY_DECISION, approvalEnd, Elements.GATEWAY_APPROVAL_OUTCOME, task, end));
        return path;
    }

    private static List<String> approved(Tier tier) {
        if (tier == Tier.LOW) {
            return List.of(Elements.TASK_APPROVE, Elements.GATEWAY_AWAIT_EXECUTION);
        }
        return decided(Elements.END_APPROVAL_GRANTED, Elements.TASK_APPROVE, Elements.GATEWAY_AWAIT_EXECUTION);
    }

    private static List<String> withdrawal() {
        return List.of(Elements.EVENT_SUBPROCESS_WITHDRAWN, Elements.START_WITHDRAWN, Elements.TASK_WITHDRAW,
                Elements.END_WITHDRAWN);
    }
}
