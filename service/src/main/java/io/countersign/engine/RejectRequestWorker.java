package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.countersign.approval.Approvals;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Ends the request after a valid rejection. */
@Component
public class RejectRequestWorker {

    private final Approvals approvals;

    RejectRequestWorker(Approvals approvals) {
        this.approvals = approvals;
    }

    @JobWorker(type = JobTypes.REJECT_REQUEST)
    public void handle(@Variable String requestId) {
        approvals.reject(requestId);
    }
}
