package io.countersign.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.countersign.workflows.ChangeRequestProcess.DecisionFields;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import io.countersign.workflows.ChangeRequestProcess.VerdictFields;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One change request in the engine. It plays the service's job workers and the approvers the way the service will:
 * it activates jobs of each type with the client and completes them, and publishes decisions as messages.
 */
final class ChangeRequestUnderTest {

    static final String REQUESTER = "alice";
    static final String AGENT_ID = "kiro-7";
    static final String OWNING_TEAM = "cost-explorer-approvers";
    static final String SRE = "sre";

    /** Decisions may arrive while the workflow is between two waits; the buffer keeps them until it listens again. */
    private static final Duration MESSAGE_TTL = Duration.ofHours(1);
    private static final Duration JOB_WAIT = Duration.ofSeconds(10);

    private final TestEngine engine;
    private final ZeebeClient client;
    private final long key;
    private final String requestId;
    private String approvalTaskId;
    private int decisionsSent;

    private ChangeRequestUnderTest(TestEngine engine, long key, String requestId) {
        this.engine = engine;
        this.client = engine.client();
        this.key = key;
        this.requestId = requestId;
    }

    static ChangeRequestUnderTest submit(TestEngine engine, String environment, List<Map<String, Object>> riskInputs) {
        return submit(engine, startVariables(environment, riskInputs));
    }

    static ChangeRequestUnderTest submit(TestEngine engine, Map<String, Object> variables) {
        long key = engine.client().newCreateInstanceCommand()
            .bpmnProcessId(ChangeRequestProcess.PROCESS_ID)
            .latestVersion()
            .variables(variables)
            .send()
            .join()
            .getProcessInstanceKey();
        engine.remember(key);
        return new ChangeRequestUnderTest(engine, key, (String) variables.get(Variables.REQUEST_ID));
    }

    static Map<String, Object> startVariables(String environment, List<Map<String, Object>> riskInputs) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(Variables.REQUEST_ID, UUID.randomUUID().toString());
        variables.put(Variables.PLAN_HASH, "sha256:" + UUID.randomUUID());
        variables.put(Variables.SERVICE, "cost-explorer");
        variables.put(Variables.ENVIRONMENT, environment);
        variables.put(Variables.REQUESTED_BY, REQUESTER);
        variables.put(Variables.AGENT_ID, AGENT_ID);
        variables.put(Variables.RISK_INPUTS, riskInputs);
        return variables;
    }

    long key() {
        return key;
    }

    String requestId() {
        return requestId;
    }

    Trail trail() {
        engine.waitForIdle();
        return engine.trail(key);
    }

    /** Waits for this instance's job of the given type and activates it (as a worker would). */
    ActivatedJob awaitJob(String type) {
        AtomicReference<ActivatedJob> found = new AtomicReference<>();
        await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
            jobs.forEach(job -> assertThat(job.getProcessInstanceKey())
                .as("a %s job of another instance is still open: a test did not clean up", type)
                .isEqualTo(key));
            jobs.stream().findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    ActivatedJob complete(String type) {
        return complete(type, Map.of());
    }

    ActivatedJob complete(String type, Map<String, Object> result) {
        ActivatedJob job = awaitJob(type);
        client.newCompleteCommand(job).variables(result).send().join();
        return job;
    }

    /** Record the classification (the service verifies the plan in the same step): what it does before routing. */
    Map<String, Object> classify() {
        return classify(true);
    }

    Map<String, Object> classify(boolean requireEachGroupForTwoPersonReview) {
        ActivatedJob job = awaitJob(JobTypes.RECORD_CLASSIFICATION);
        Map<String, Object> classification = serviceClassification(risk(job), requireEachGroupForTwoPersonReview);
        client.newCompleteCommand(job).variables(classification).send().join();
        return classification;
    }

    /** What the service returns from {@code record-classification}: the DMN result turned into groups. */
    static Map<String, Object> serviceClassification(Map<String, Object> risk, boolean requireEachGroupForTwoPersonReview) {
        String roles = (String) risk.get(RiskFields.APPROVER_ROLES);
        List<String> groups = switch (roles) {
            case "OWNING_TEAM" -> List.of(OWNING_TEAM);
            case "SRE" -> List.of(SRE);
            case "OWNING_TEAM_AND_SRE" -> List.of(OWNING_TEAM, SRE);
            default -> List.of();
        };
        Map<String, Object> result = new HashMap<>();
        result.put(Variables.TIER, risk.get(RiskFields.TIER));
        result.put(Variables.APPROVER_GROUPS, groups);
        result.put(Variables.ESCALATION_GROUPS, List.of());
        result.put(Variables.REQUIRE_EACH_GROUP, requireEachGroupForTwoPersonReview && groups.size() > 1);
        result.put(Variables.REQUIRED_APPROVALS, risk.get(RiskFields.REQUIRED_APPROVALS));
        result.put(Variables.SLA_DURATION, risk.get(RiskFields.SLA_DURATION));
        result.put(Variables.EXPIRY_DURATION, risk.get(RiskFields.EXPIRY_DURATION));
        result.put(Variables.APPROVAL_WINDOW, risk.get(RiskFields.APPROVAL_WINDOW));
        result.put(Variables.APPROVALS, List.of());
        return result;
    }

    static Map<String, Object> risk(ActivatedJob job) {
        return risk(job.getVariablesAsMap());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> risk(Map<String, Object> variables) {
        return (Map<String, Object>) variables.get(Variables.RISK);
    }

    /** Classifies and opens the approval task; the instance then waits for decisions. */
    ChangeRequestUnderTest awaitingApproval(boolean requireEachGroupForTwoPersonReview) {
        classify(requireEachGroupForTwoPersonReview);
        approvalTaskId = "task-" + requestId;
        complete(JobTypes.OPEN_APPROVAL, Map.of(Variables.APPROVAL_TASK_ID, approvalTaskId));
        return this;
    }

    ChangeRequestUnderTest awaitingApproval() {
        return awaitingApproval(true);
    }

    /**
     * Publishes one decision as the service does: with the service's verdict after it ({@code serviceSays}, one of
     * {@link ChangeRequestProcess.ReviewOutcomes}), or with none when {@code serviceSays} is null.
     */
    ChangeRequestUnderTest decide(Approver approver, String outcome, String serviceSays) {
        return decide(approver, outcome, serviceSays, ++decisionsSent);
    }

    /** As {@link #decide(Approver, String, String)}, for a decision the service recorded as its n-th. */
    ChangeRequestUnderTest decide(Approver approver, String outcome, String serviceSays, int decisionCount) {
        String decisionId = UUID.randomUUID().toString();
        Map<String, Object> variables = new HashMap<>();
        variables.put(Variables.DECISION, approver.decision(decisionId, outcome));
        if (serviceSays != null) {
            variables.put(Variables.DECISION_VERDICT, serviceVerdict(serviceSays, decisionCount));
        }
        client.newPublishMessageCommand()
            .messageName(Messages.APPROVAL_DECISION)
            .correlationKey(approvalTaskId)
            .messageId(decisionId)
            .timeToLive(MESSAGE_TTL)
            .variables(variables)
            .send()
            .join();
        return this;
    }

    /** The service's verdict as the decision message carries it, after {@code decisions} recorded decisions. */
    static Map<String, Object> serviceVerdict(String outcome, int decisions) {
        return Map.of(VerdictFields.OUTCOME, outcome, VerdictFields.APPROVED_BY, List.of(),
            VerdictFields.MISSING_GROUPS, List.of(), VerdictFields.DECISION_COUNT, decisions);
    }

    /** Waits for this instance's job of the given type and throws the BPMN error a worker would. */
    ActivatedJob throwError(String type, String errorCode) {
        ActivatedJob job = awaitJob(type);
        client.newThrowErrorCommand(job).errorCode(errorCode).errorMessage("as the service would").send().join();
        return job;
    }

    void publish(String messageName, Map<String, Object> variables) {
        client.newPublishMessageCommand()
            .messageName(messageName)
            .correlationKey(requestId)
            .timeToLive(MESSAGE_TTL)
            .variables(variables)
            .send()
            .join();
    }

    /** Someone who decides: a name, human or agent, and the groups the service says they belong to. */
    record Approver(String name, String kind, List<String> groups) {

        static Approver human(String name, String... groups) {
            return new Approver(name, ChangeRequestProcess.DecisionValues.HUMAN, List.of(groups));
        }

        static Approver agent(String name, String... groups) {
            return new Approver(name, ChangeRequestProcess.DecisionValues.AGENT, List.of(groups));
        }

        Map<String, Object> decision(String decisionId, String outcome) {
            return Map.of(
                DecisionFields.DECISION_ID, decisionId,
                DecisionFields.APPROVER, name,
                DecisionFields.APPROVER_KIND, kind,
                DecisionFields.GROUPS, groups,
                DecisionFields.OUTCOME, outcome,
                DecisionFields.COMMENT, "looked at the plan");
        }
    }
}
