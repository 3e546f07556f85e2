package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import org.springframework.stereotype.Component;

/**
 * Ends a plan the policy refuses, or one whose stored plan no longer matches its hash. The workflow hands over the
 * reason in either case, so the denial reads the same wherever it came from.
 */
@Component
public class DenyRequestWorker {

    private final RequestLifecycle lifecycle;
    private final JobGuard guard;

    DenyRequestWorker(RequestLifecycle lifecycle, JobGuard guard) {
        this.guard = guard;
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.DENY_REQUEST)
    public void deny(ActivatedJob job, @Variable String requestId,
                     @Variable(name = Variables.DENIAL_REASON) String denialReason) {
        guard.admit(job, requestId);
        lifecycle.deny(requestId, denialReason);
    }
}
