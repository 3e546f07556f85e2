package io.countersign.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.exception.CamundaError;
import io.countersign.approval.AlreadyWithdrawn;
import io.countersign.approval.Approvals;
import io.countersign.approval.SegregationViolation;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.RequestLifecycle;
import io.countersign.intake.PolicyFacts;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.policy.Classification;
import io.countersign.policy.RiskPolicy;
import io.countersign.policy.RiskVerdict;
import io.countersign.policy.Tier;
import io.countersign.stall.StalledJob;
import io.countersign.stall.StalledRequests;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Verifies the stored plan against the hash the process carries and binds the request to this instance (a second
 * instance of a request is cancelled; a plan that no longer matches is denied through the plan-mismatch error), then
 * classifies the request from its stored plan and checks the engine's evaluation of the same decision against it.
 * The engine's verdict is a claim (its variables can be written by any client of the engine): if it differs from the
 * service's own evaluation the request stops at an incident with an audit entry, never at an approval. The routing
 * the workflow receives is the service's.
 *
 * <p>A LOW plan on which both agree is approved here, right after its classification is recorded, rather than one
 * engine hand-off later in the approve-request step: the caller waiting for its token is woken by this commit. The
 * approval is {@link Approvals#approve}'s, with all its checks; the approve-request step that follows finds it done
 * and confirms it, and anything that refused it here (a withdrawal, a verdict that no longer holds) is left to that
 * step, which refuses again and stops visibly.
 */
@Component
public class RecordClassificationWorker {

    private final RequestLifecycle lifecycle;
    private final RiskPolicy riskPolicy;
    private final DeployedPolicies deployedPolicies;
    private final StalledRequests stalls;
    private final JobGuard guard;
    private final PolicyFacts policyFacts;
    private final Approvals approvals;
    private final PlanBinding binding;

    RecordClassificationWorker(RequestLifecycle lifecycle, RiskPolicy riskPolicy, DeployedPolicies deployedPolicies,
                               StalledRequests stalls, JobGuard guard, PolicyFacts policyFacts, Approvals approvals,
                               PlanBinding binding) {
        this.binding = binding;
        this.approvals = approvals;
        this.policyFacts = policyFacts;
        this.guard = guard;
        this.lifecycle = lifecycle;
        this.riskPolicy = riskPolicy;
        this.deployedPolicies = deployedPolicies;
        this.stalls = stalls;
    }

    @JobWorker(type = JobTypes.RECORD_CLASSIFICATION, autoComplete = false)
    public void record(JobClient client, ActivatedJob job, @Variable String requestId, @Variable String planHash) {
        Optional<ChangePlan> plan = binding.bind(job, requestId, planHash);
        if (plan.isPresent()) {
            client.newCompleteCommand(job.getKey()).variables(classify(job, requestId, plan.get())).send().join();
        }
    }

    /** Classifies the plan the binding just checked against its hash (checked again where it is approved). */
    private Map<String, Object> classify(ActivatedJob job, String requestId, ChangePlan plan) {
        RiskVerdict verdict = riskPolicy.classify(policyFacts.of(requestId, plan));
        Map<String, Object> evaluation = evaluation(job);
        // Read loosely: whatever shape the engine's variables have, a verdict that is not the service's stops here.
        Map<String, Object> variables = job.getVariablesAsMap();
        Object risk = variables.get(Variables.RISK);
        Optional<String> disagreement = verdict.disagreementWith(field(risk, RiskFields.TIER),
                field(risk, RiskFields.RULE_ID), ruleIds(variables.get(Variables.ACTION_RISKS)));
        if (disagreement.isPresent()) {
            String reason = "The engine's risk classification differs from the service's: " + disagreement.get();
            Map<String, Object> details = new LinkedHashMap<>(evaluation);
            details.put("reason", reason);
            details.put("engineTier", field(risk, RiskFields.TIER));
            details.put("engineRuleId", field(risk, RiskFields.RULE_ID));
            details.putAll(verdict.auditDetails());
            lifecycle.recordClassificationDisagreement(requestId, details);
            throw stop(job, requestId, reason);
        }
        evaluation.putAll(verdict.auditDetails());
        lifecycle.classify(requestId, verdict.classification(), evaluation);
        if (verdict.classification().tier() == Tier.LOW) {
            approveAtOnce(requestId);
        }
        return routing(verdict.classification());
    }

    /** The LOW approval in its own transaction after the classification's; a refusal is the next step's to stop. */
    private void approveAtOnce(String requestId) {
        try {
            approvals.approve(requestId);
        } catch (AlreadyWithdrawn | SegregationViolation | WorkflowDisagreement refused) {
            // Nothing was written (the approval's transaction rolled back); approve-request meets the same refusal.
        }
    }

    /** Which deployed decision the workflow evaluated; unknown only for models deployed elsewhere. */
    private Map<String, Object> evaluation(ActivatedJob job) {
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("processDefinitionKey", job.getProcessDefinitionKey());
        evaluation.put("processDefinitionVersion", job.getProcessDefinitionVersion());
        deployedPolicies.forProcessDefinition(job.getProcessDefinitionKey()).ifPresentOrElse(dmn -> {
            evaluation.put("dmnDecisionId", dmn.decisionId());
            evaluation.put("dmnVersion", dmn.version());
            evaluation.put("dmnDecisionKey", dmn.decisionKey());
        }, () -> evaluation.put("dmnVersion", "not deployed by this application"));
        return evaluation;
    }

    private static Map<String, Object> routing(Classification verdict) {
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

    /** Stalls the request and holds the job at an incident: the step is refused for good, never retried. */
    private RuntimeException stop(ActivatedJob job, String requestId, String reason) {
        stalls.stall(requestId, new StalledJob(job.getProcessInstanceKey(), job.getKey(), job.getElementInstanceKey(),
                job.getElementId(), job.getType()), reason);
        return CamundaError.jobError(reason, null, 0);
    }

    private static String field(Object risk, String name) {
        Object value = risk instanceof Map<?, ?> map ? map.get(name) : null;
        return value == null ? null : value.toString();
    }

    /** The engine's rule per action (null for an action no rule matched), or null if it reported none. */
    private static List<String> ruleIds(Object actionRisks) {
        if (!(actionRisks instanceof List<?> risks)) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        risks.forEach(r -> ids.add(field(r, RiskFields.RULE_ID)));
        return ids;
    }
}
