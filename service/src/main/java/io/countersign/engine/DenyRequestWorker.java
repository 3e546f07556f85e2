package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.intake.RequestLifecycle;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/**
 * Ends a plan the service's own records deny: its verdict DENIED, or a stored plan that no longer matches its hash.
 * The reason is the service's; a denial the records do not support stops at an incident instead.
 */
@Component
public class DenyRequestWorker {

    private final RequestLifecycle lifecycle;
    private final JobGuard guard;
    private final VisibleStops stops;

    DenyRequestWorker(RequestLifecycle lifecycle, JobGuard guard, VisibleStops stops) {
        this.stops = stops;
        this.guard = guard;
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.DENY_REQUEST)
    public void deny(ActivatedJob job, @Variable String requestId) {
        guard.admit(job, requestId);
        try {
            lifecycle.deny(requestId);
        } catch (WorkflowDisagreement e) {
            throw stops.disagreement(job, requestId, e.getMessage());
        }
    }
}
