package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.countersign.intake.RequestLifecycle;
import io.countersign.policy.Classification;
import io.countersign.policy.PolicyProperties;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Stores the policy's verdict and hands the workflow the routing it needs. */
@Component
public class RecordClassificationWorker {

    private final RequestLifecycle lifecycle;
    private final PolicyProperties policy;

    RecordClassificationWorker(RequestLifecycle lifecycle, PolicyProperties policy) {
        this.lifecycle = lifecycle;
        this.policy = policy;
    }

    @JobWorker(type = JobTypes.RECORD_CLASSIFICATION)
    public Map<String, Object> record(ActivatedJob job, @Variable String requestId, @Variable Map<String, Object> risk,
                               @Variable String service) {
        Classification verdict = RiskVerdicts.classify(risk, service, policy);
        lifecycle.classify(requestId, verdict, Map.of(
                "processDefinitionKey", job.getProcessDefinitionKey(),
                "processDefinitionVersion", job.getProcessDefinitionVersion()));
        Map<String, Object> routing = new HashMap<>();
        routing.put(Variables.TIER, verdict.tier().name());
        routing.put(Variables.APPROVER_GROUPS, verdict.approverGroups());
        routing.put(Variables.ESCALATION_GROUPS, List.of());
        routing.put(Variables.REQUIRE_EACH_GROUP, verdict.requireEachGroup());
        routing.put(Variables.REQUIRED_APPROVALS, verdict.requiredApprovals());
        routing.put(Variables.SLA_DURATION, verdict.slaDuration().toString());
        routing.put(Variables.EXPIRY_DURATION, verdict.expiryDuration().toString());
        routing.put(Variables.APPROVAL_WINDOW, verdict.approvalWindow().toString());
        routing.put(Variables.APPROVALS, List.of());
        return routing;
    }
}
