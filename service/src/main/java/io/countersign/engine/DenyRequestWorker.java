package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.countersign.intake.RequestLifecycle;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Ends a plan the policy refuses, or one whose stored plan no longer matches its hash. */
@Component
public class DenyRequestWorker {

    private final RequestLifecycle lifecycle;

    DenyRequestWorker(RequestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @JobWorker(type = JobTypes.DENY_REQUEST)
    public void deny(@Variable String requestId, @Variable(optional = true) Map<String, Object> risk) {
        String reason = risk == null || risk.get(RiskFields.REASON) == null
                ? "the stored plan does not match the plan hash it was submitted with"
                : risk.get(RiskFields.REASON).toString();
        lifecycle.deny(requestId, reason);
    }
}
