package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
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

    DenyRequestWorker(RequestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.DENY_REQUEST)
    public void deny(@Variable String requestId, @Variable(name = Variables.DENIAL_REASON) String denialReason) {
        lifecycle.deny(requestId, denialReason);
    }
}
