package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import org.springframework.stereotype.Component;

/** Lapses an approval nobody executed within its window; a request already executed stays executed. */
@Component
public class LapseApprovalWorker {

    private final RequestLifecycle lifecycle;

    LapseApprovalWorker(RequestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.LAPSE_APPROVAL)
    public void lapse(@Variable String requestId) {
        lifecycle.lapse(requestId);
    }
}
