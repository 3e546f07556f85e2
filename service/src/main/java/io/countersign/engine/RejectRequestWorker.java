package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.approval.Approvals;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Ends the request after the service concluded it rejected. If the service's stored conclusion says otherwise, the step stops at an incident. */
@Component
public class RejectRequestWorker {

    private final Approvals approvals;
    private final JobGuard guard;
    private final VisibleStops stops;

    RejectRequestWorker(Approvals approvals, VisibleStops stops, JobGuard guard) {
        this.guard = guard;
        this.approvals = approvals;
        this.stops = stops;
    }

    @JobWorker(type = JobTypes.REJECT_REQUEST)
    public void handle(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        try {
            approvals.reject(requestId);
        } catch (WorkflowDisagreement e) {
            throw stops.disagreement(job, requestId, e.getMessage());
        }
    }
}
