package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.intake.RequestLifecycle;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/**
 * Follows an execution report the service accepted (it stored the outcome when the redeemed token was presented);
 * a report message the service never accepted stops at an incident.
 */
@Component
public class RecordExecutionWorker {

    private final RequestLifecycle lifecycle;
    private final JobGuard guard;
    private final VisibleStops stops;

    RecordExecutionWorker(RequestLifecycle lifecycle, JobGuard guard, VisibleStops stops) {
        this.stops = stops;
        this.guard = guard;
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.RECORD_EXECUTION)
    public void record(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        try {
            lifecycle.confirmExecution(requestId);
        } catch (WorkflowDisagreement e) {
            throw stops.disagreement(job, requestId, e.getMessage());
        }
    }
}
