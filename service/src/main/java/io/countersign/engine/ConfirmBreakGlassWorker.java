package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.countersign.approval.Approvals;
import io.countersign.approval.BreakGlasses;
import io.countersign.approval.SegregationViolation;
import io.countersign.policy.BreakGlassProperties;
import io.countersign.stall.StalledJob;
import io.countersign.stall.StalledRequests;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * After the break-glass message: the service must have recorded the break-glass that approved the plan (a message
 * anyone able to publish could send proves nothing). If it did not, the request stops at an incident with an audit
 * entry; otherwise the workflow gets the short break-glass approval window.
 */
@Component
public class ConfirmBreakGlassWorker {

    private final BreakGlasses breakGlasses;
    private final Approvals approvals;
    private final StalledRequests stalls;
    private final BreakGlassProperties settings;
    private final JobGuard guard;

    ConfirmBreakGlassWorker(BreakGlasses breakGlasses, Approvals approvals, StalledRequests stalls,
                            BreakGlassProperties settings, JobGuard guard) {
        this.breakGlasses = breakGlasses;
        this.approvals = approvals;
        this.stalls = stalls;
        this.settings = settings;
        this.guard = guard;
    }

    @JobWorker(type = JobTypes.CONFIRM_BREAK_GLASS)
    public Map<String, Object> confirm(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        try {
            breakGlasses.confirm(requestId);
        } catch (SegregationViolation e) {
            approvals.recordViolation(requestId, e.getMessage());
            stalls.stall(requestId, new StalledJob(job.getProcessInstanceKey(), job.getKey(),
                    job.getElementInstanceKey(), job.getElementId(), job.getType()), e.getMessage());
            throw CamundaError.jobError(e.getMessage(), null, 0);
        }
        return Map.of(Variables.APPROVAL_WINDOW, settings.breakGlassWindow().toString());
    }
}
