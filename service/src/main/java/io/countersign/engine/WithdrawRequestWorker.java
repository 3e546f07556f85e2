package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.approval.Approvals;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/**
 * Ends the process of a withdrawn request. The service recorded the withdrawal (and closed the approval task) when it
 * was asked; this step only confirms it, so a re-delivered job changes nothing.
 */
@Component
public class WithdrawRequestWorker {

    private final Approvals approvals;
    private final JobGuard guard;
    private final VisibleStops stops;

    WithdrawRequestWorker(Approvals approvals, VisibleStops stops, JobGuard guard) {
        this.guard = guard;
        this.approvals = approvals;
        this.stops = stops;
    }

    @JobWorker(type = JobTypes.WITHDRAW_REQUEST)
    public void withdraw(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        try {
            approvals.confirmWithdrawn(requestId);
        } catch (WorkflowDisagreement e) {
            throw stops.disagreement(job, requestId, e.getMessage());
        }
    }
}
