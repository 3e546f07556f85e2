package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.approval.Approvals;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Ends the request so the agent can submit a revision. */
@Component
public class RequestChangesWorker {

    private final Approvals approvals;
    private final JobGuard guard;

    RequestChangesWorker(Approvals approvals, JobGuard guard) {
        this.guard = guard;
        this.approvals = approvals;
    }

    @JobWorker(type = JobTypes.REQUEST_CHANGES)
    public void handle(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        approvals.requestChanges(requestId);
    }
}
