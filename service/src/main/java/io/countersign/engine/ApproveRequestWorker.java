package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.countersign.approval.Approvals;
import io.countersign.approval.SegregationViolation;
import io.countersign.stall.StalledJob;
import io.countersign.stall.StalledRequests;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/**
 * Approves the plan. If the recorded decisions do not satisfy the two-person rule the job fails with no retries, so
 * the instance stops at an incident for a human to look at instead of approving.
 */
@Component
public class ApproveRequestWorker {

    private final Approvals approvals;
    private final StalledRequests stalls;

    ApproveRequestWorker(Approvals approvals, StalledRequests stalls) {
        this.approvals = approvals;
        this.stalls = stalls;
    }

    @JobWorker(type = JobTypes.APPROVE_REQUEST)
    public void approve(ActivatedJob job, @Variable String requestId) {
        try {
            approvals.approve(requestId);
        } catch (SegregationViolation e) {
            approvals.recordViolation(requestId, e.getMessage());
            stalls.stall(requestId, new StalledJob(job.getProcessInstanceKey(), job.getKey(),
                    job.getElementInstanceKey(), job.getElementId(), job.getType()), e.getMessage());
            throw CamundaError.jobError(e.getMessage(), null, 0);
        }
    }
}
