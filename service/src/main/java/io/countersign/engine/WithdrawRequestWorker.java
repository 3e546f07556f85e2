package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.approval.Approvals;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Ends a pending request its requester withdrew. */
@Component
public class WithdrawRequestWorker {

    private final Approvals approvals;
    private final JobGuard guard;

    WithdrawRequestWorker(Approvals approvals, JobGuard guard) {
        this.guard = guard;
        this.approvals = approvals;
    }

    @JobWorker(type = JobTypes.WITHDRAW_REQUEST)
    public void withdraw(ActivatedJob job, @Variable String requestId, @Variable(optional = true) String withdrawnBy,
                  @Variable String requestedBy) {
        guard.admit(job, requestId);
        approvals.withdraw(requestId, withdrawnBy == null ? requestedBy : withdrawnBy);
    }
}
