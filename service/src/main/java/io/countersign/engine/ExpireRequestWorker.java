package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.approval.Approvals;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Ends a request nobody decided on before its deadline. */
@Component
public class ExpireRequestWorker {

    private final Approvals approvals;
    private final JobGuard guard;

    ExpireRequestWorker(Approvals approvals, JobGuard guard) {
        this.guard = guard;
        this.approvals = approvals;
    }

    @JobWorker(type = JobTypes.EXPIRE_REQUEST)
    public void handle(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        approvals.expire(requestId);
    }
}
