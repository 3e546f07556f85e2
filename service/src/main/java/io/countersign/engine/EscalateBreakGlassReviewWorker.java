package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.approval.BreakGlasses;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** The review after a break-glass is overdue: the service flags it, audits it and tells the notification channels. */
@Component
public class EscalateBreakGlassReviewWorker {

    private final BreakGlasses breakGlasses;
    private final JobGuard guard;

    EscalateBreakGlassReviewWorker(BreakGlasses breakGlasses, JobGuard guard) {
        this.breakGlasses = breakGlasses;
        this.guard = guard;
    }

    @JobWorker(type = JobTypes.ESCALATE_BREAK_GLASS_REVIEW)
    public void escalate(ActivatedJob job, @Variable String requestId) {
        guard.admitThen(job, requestId, breakGlasses::escalateReview);
    }
}
