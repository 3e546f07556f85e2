package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.countersign.approval.AlreadyWithdrawn;
import io.countersign.approval.Approvals;
import io.countersign.approval.BreakGlasses;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.workflows.ChangeRequestProcess.Errors;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Opens the approval task in the task list; the workflow then waits for decisions on it. A plan submitted with an
 * emergency has glass broken for it right after (the service decides whether it may; the workflow's break-glass
 * message then ends the wait), so a retried job finds the task open and the emergency settled.
 */
@Component
public class OpenApprovalWorker {

    private final Approvals approvals;
    private final JobGuard guard;
    private final BreakGlasses breakGlasses;
    private final VisibleStops stops;

    OpenApprovalWorker(Approvals approvals, JobGuard guard, BreakGlasses breakGlasses, VisibleStops stops) {
        this.breakGlasses = breakGlasses;
        this.stops = stops;
        this.guard = guard;
        this.approvals = approvals;
    }

    @JobWorker(type = JobTypes.OPEN_APPROVAL)
    public Map<String, Object> open(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        try {
            String taskId = approvals.open(requestId);
            breakGlasses.applyEmergency(requestId);
            return Map.of(Variables.APPROVAL_TASK_ID, taskId);
        } catch (AlreadyWithdrawn e) {
            throw CamundaError.bpmnError(Errors.REQUEST_WITHDRAWN, e.getMessage());
        } catch (WorkflowDisagreement e) {
            throw stops.disagreement(job, requestId, e.getMessage());
        }
    }
}
