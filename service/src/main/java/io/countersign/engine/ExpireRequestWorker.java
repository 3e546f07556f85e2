package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.countersign.approval.Approvals;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Ends a request nobody decided on before its deadline. */
@Component
public class ExpireRequestWorker {

    private final Approvals approvals;

    ExpireRequestWorker(Approvals approvals) {
        this.approvals = approvals;
    }

    @JobWorker(type = JobTypes.EXPIRE_REQUEST)
    public void handle(@Variable String requestId) {
        approvals.expire(requestId);
    }
}
