package io.countersign.approval;

import io.countersign.intake.ChangePlan;
import io.countersign.intake.RequestAudit;
import io.countersign.security.Actor;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Audits, in its own transaction, an emergency on submit the rules refused: no request exists to hang it on. */
@Component
class RefusedAtSubmit {

    private final RequestAudit audit;

    RefusedAtSubmit(RequestAudit audit) {
        this.audit = audit;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void record(ChangePlan plan, Actor actor, BreakGlassRefused refusal) {
        audit.refusedPlan(BreakGlasses.AUDIT_REFUSED, plan, actor, refusal.getMessage(),
                Map.of("kind", refusal.kind().name(), "onSubmit", true));
    }
}
