package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.countersign.approval.AlreadyWithdrawn;
import io.countersign.approval.Approvals;
import io.countersign.approval.SegregationViolation;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.stall.StalledJob;
import io.countersign.stall.StalledRequests;
import io.countersign.workflows.ChangeRequestProcess.Errors;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/**
 * Approves the plan, only as the service concluded. If the stored conclusion or the recorded decisions do not allow
 * it, the job fails with no retries, so the instance stops at an incident for a human to look at instead of
 * approving. A plan withdrawn first ends as withdrawn.
 */
@Component
public class ApproveRequestWorker {

    private final Approvals approvals;
    private final StalledRequests stalls;
    private final JobGuard guard;
    private final VisibleStops stops;

    ApproveRequestWorker(Approvals approvals, StalledRequests stalls, VisibleStops stops, JobGuard guard) {
        this.guard = guard;
        this.approvals = approvals;
        this.stalls = stalls;
        this.stops = stops;
    }

    @JobWorker(type = JobTypes.APPROVE_REQUEST)
    public void approve(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        try {
            approvals.approve(requestId);
        } catch (AlreadyWithdrawn e) {
            throw CamundaError.bpmnError(Errors.REQUEST_WITHDRAWN, e.getMessage());
        } catch (SegregationViolation e) {
            approvals.recordViolation(requestId, e.getMessage());
            stalls.stall(requestId, new StalledJob(job.getProcessInstanceKey(), job.getKey(),
                    job.getElementInstanceKey(), job.getElementId(), job.getType()), e.getMessage());
            throw CamundaError.jobError(e.getMessage(), null, 0);
        } catch (WorkflowDisagreement e) {
            throw stops.disagreement(job, requestId, e.getMessage());
        }
    }
}
