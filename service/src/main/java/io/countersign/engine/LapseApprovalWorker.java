package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Lapses an approval nobody executed within its window; a request already executed stays executed. */
@Component
public class LapseApprovalWorker {

    private final RequestLifecycle lifecycle;
    private final JobGuard guard;

    LapseApprovalWorker(RequestLifecycle lifecycle, JobGuard guard) {
        this.guard = guard;
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.LAPSE_APPROVAL)
    public void lapse(ActivatedJob job, @Variable String requestId) {
        guard.admitThen(job, requestId, lifecycle::lapse);
    }
}
