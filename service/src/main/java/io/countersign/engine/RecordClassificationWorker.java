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
    private final DeployedPolicies deployedPolicies;
    private final JobGuard guard;

    RecordClassificationWorker(RequestLifecycle lifecycle, PolicyProperties policy,
            DeployedPolicies deployedPolicies, JobGuard guard) {
        this.guard = guard;
        this.lifecycle = lifecycle;
        this.policy = policy;
        this.deployedPolicies = deployedPolicies;
    }

    @JobWorker(type = JobTypes.RECORD_CLASSIFICATION)
    public Map<String, Object> record(ActivatedJob job, @Variable String requestId, @Variable Map<String, Object> risk,
                               @Variable String service) {
        guard.admit(job, requestId);
        Classification verdict = RiskVerdicts.classify(risk, service, policy);
        Map<String, Object> evaluation = new HashMap<>();
        evaluation.put("processDefinitionKey", job.getProcessDefinitionKey());
        evaluation.put("processDefinitionVersion", job.getProcessDefinitionVersion());
        // The decision the workflow evaluated is the one deployed with it; unknown only for models deployed elsewhere.
        deployedPolicies.forProcessDefinition(job.getProcessDefinitionKey()).ifPresentOrElse(dmn -> {
            evaluation.put("dmnDecisionId", dmn.decisionId());
            evaluation.put("dmnVersion", dmn.version());
            evaluation.put("dmnDecisionKey", dmn.decisionKey());
        }, () -> evaluation.put("dmnVersion", "not deployed by this application"));
        lifecycle.classify(requestId, verdict, evaluation);
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
