package io.countersign.approval;

import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.RequestAudit;
import io.countersign.security.Actor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Audits refused decisions, in their own transaction: the refusal rolls back the caller's. */
@Component
class RefusedDecisions {

    private final ChangeRequestRepository requests;
    private final RequestAudit audit;

    RefusedDecisions(ChangeRequestRepository requests, RequestAudit audit) {
        this.requests = requests;
        this.audit = audit;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String requestId, String taskId, Actor actor, DecisionOutcome outcome, DecisionRefused refused) {
        requests.find(requestId).ifPresent(request -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("taskId", taskId);
            details.put("refusal", refused.getClass().getSimpleName());
            details.put("reason", refused.getMessage());
            if (refused instanceof DecisionRefused.ApprovalConcluded concluded) {
                details.put("concludedOutcome", concluded.conclusion().outcome().name());
                details.put("concludedAt", concluded.conclusion().at().toString());
                if (concluded.conclusion().by() != null) {
                    details.put("concludedBy", concluded.conclusion().by());
                }
            }
            audit.record("DECISION_REFUSED", request, actor, outcome.name(), null, details);
        });
    }
}
