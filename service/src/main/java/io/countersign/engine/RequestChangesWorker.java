package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.countersign.approval.Approvals;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Ends the request so the agent can submit a revision. */
@Component
public class RequestChangesWorker {

    private final Approvals approvals;

    RequestChangesWorker(Approvals approvals) {
        this.approvals = approvals;
    }

    @JobWorker(type = JobTypes.REQUEST_CHANGES)
    public void handle(@Variable String requestId) {
        approvals.requestChanges(requestId);
    }
}
