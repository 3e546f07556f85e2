package io.countersign.web;

import io.countersign.approval.DecisionOutcome;
import io.countersign.intake.ChangeRequest;
import io.countersign.ui.shared.Decision;
import io.countersign.ui.shared.RequestStatus;
import io.countersign.ui.shared.Tier;

/** The service's enums in the ui's terms; the names match, except an execution's outcome is part of its status. */
final class UiTypes {

    private UiTypes() {
    }

    static Tier tier(io.countersign.policy.Tier tier) {
        return tier == null ? null : Tier.valueOf(tier.name());
    }

    static Decision decision(DecisionOutcome outcome) {
        return Decision.valueOf(outcome.name());
    }

    static DecisionOutcome outcome(Decision decision) {
        return DecisionOutcome.valueOf(decision.name());
    }

    static RequestStatus status(ChangeRequest request) {
        if (request.status() == io.countersign.intake.RequestStatus.EXECUTED) {
            return switch (String.valueOf(request.executionOutcome())) {
                case "FAILED" -> RequestStatus.EXECUTED_FAILED;
                case "ROLLED_BACK" -> RequestStatus.EXECUTED_ROLLED_BACK;
                default -> RequestStatus.EXECUTED_SUCCEEDED;
            };
        }
        return RequestStatus.valueOf(request.status().name());
    }
}
