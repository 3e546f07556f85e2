package io.countersign.intake;

import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import io.countersign.security.Actor;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Writes audit entries about a change request, filling in what auditors filter by. */
@Component
public class RequestAudit {

    private static final Actor ENGINE = new Actor("countersign", Actor.SYSTEM, java.util.Set.of(), java.util.Set.of(), null);

    private final AuditLog log;

    RequestAudit(AuditLog log) {
        this.log = log;
    }

    /** An event caused by a person or an agent. */
    public void record(String type, ChangeRequest request, Actor actor, String outcome, String comment,
                       Map<String, Object> details) {
        Submission s = request.submission();
        log.append(new AuditEvent(type, request.id(), actor.name(), actor.kind(), actor.remoteAddress(),
                s.planHash(), s.agentId(), s.requestedBy(), s.plan().service(), s.plan().environment(),
                request.tier() == null ? null : request.tier().name(), outcome, comment, details));
    }

    /** An event about a plan that never became a request (refused before anything was stored). */
    public void refusedPlan(String type, ChangePlan plan, Actor actor, String comment, Map<String, Object> details) {
        log.append(AuditEvent.builder(type, actor.name(), actor.kind()).remoteAddress(actor.remoteAddress())
                .planHash(PlanHash.of(plan)).agentId(plan.agent() == null ? null : plan.agent().id())
                .requestedBy(plan.requestedBy()).service(plan.service()).environment(plan.environment())
                .outcome("REFUSED").comment(comment).details(details).build());
    }

    /** An event the workflow caused. */
    public void system(String type, ChangeRequest request, String outcome, Map<String, Object> details) {
        record(type, request, ENGINE, outcome, null, details);
    }
}
