package io.countersign.workflows;

import static io.countersign.workflows.ChangeRequestUnderTest.AGENT_ID;
import static io.countersign.workflows.ChangeRequestUnderTest.OWNING_TEAM;
import static io.countersign.workflows.ChangeRequestUnderTest.REQUESTER;
import static io.countersign.workflows.ChangeRequestUnderTest.SRE;
import static io.countersign.workflows.ChangeRequestProcess.DecisionValues.APPROVE;
import static io.countersign.workflows.ChangeRequestProcess.DecisionValues.HUMAN;
import static io.countersign.workflows.ChangeRequestProcess.DecisionValues.REJECT;
import static io.countersign.workflows.ChangeRequestProcess.DecisionValues.REQUEST_CHANGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.ZeebeFuture;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.countersign.workflows.ChangeRequestProcess.Elements;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.ReviewFields;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import io.countersign.workflows.ChangeRequestUnderTest.Approver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A few hundred random sequences of decisions by random people on CRITICAL plans, checked against a plain-Java
 * statement of the two-person rule. Each sequence is followed by one valid owner and one valid SRE approval, so every
 * request ends and the job it ends at tells what happened and after how many decisions. Each decision carries the
 * verdict of that statement as the service's, so the workflow's review, an independent assertion, must agree with it
 * on every prefix; a disagreement ends at the disagreement step and fails the test. Re-run a failure with
 * {@code -Dcountersign.seed=<seed from the message>}; explore more with {@code -Dcountersign.sequences=5000}.
 */
class TwoPersonRuleRandomizedTest {

    private static final long SEED = Long.getLong("countersign.seed", 20251218L);
    private static final int SEQUENCES = Integer.getInteger("countersign.sequences", 240);
    private static final int BATCH = 120;
    private static final int MAX_DECISIONS = 6;

    private static final List<Approver> PEOPLE = List.of(
        Approver.human(REQUESTER, OWNING_TEAM, SRE),
        Approver.agent(AGENT_ID, OWNING_TEAM, SRE),
        Approver.human(AGENT_ID, SRE),
        Approver.agent("copilot-2", SRE),
        Approver.human("bob", OWNING_TEAM),
        Approver.human("dave", OWNING_TEAM),
        Approver.human("carol", SRE),
        Approver.human("erin", SRE),
        Approver.human("frank", OWNING_TEAM, SRE),
        Approver.human("mallory", "marketing"),
        Approver.human("trent"));
    private static final List<Decision> CLOSING_PAIR = List.of(
        new Decision(Approver.human("zed", OWNING_TEAM), APPROVE),
        new Decision(Approver.human("yan", SRE), APPROVE));
    private static final Map<String, Object> CRITICAL_ACTION =
        ChangeRequestProcessTest.action("production", "DELETE", "RESOURCE", 1, false, true);
    private static final Map<String, Outcome> OUTCOME_BY_FINAL_JOB = Map.of(
        JobTypes.APPROVE_REQUEST, Outcome.APPROVED,
        JobTypes.REJECT_REQUEST, Outcome.REJECTED,
        JobTypes.REQUEST_CHANGES, Outcome.CHANGES_REQUESTED,
        JobTypes.REPORT_DISAGREEMENT, Outcome.DISAGREED);

    /** Its own engine: the thousands of records this test writes would slow every record-stream read elsewhere. */
    private static TestEngine engine;
    private static ZeebeClient client;

    private static Map<String, Object> criticalRisk;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = TestEngine.start();
        client = engine.client();
        String output = client.newEvaluateDecisionCommand().decisionId(ChangeRequestProcess.DECISION_ID)
            .variables(CRITICAL_ACTION).send().join().getDecisionOutput();
        criticalRisk = new ObjectMapper().readValue(output, new TypeReference<>() { });
        assertThat(criticalRisk).containsEntry(ChangeRequestProcess.RiskFields.TIER, ChangeRequestProcess.Tiers.CRITICAL);
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void criticalPlanIsApprovedOnlyByTwoDistinctValidHumansCoveringBothGroupsWithoutAValidReject() {
        Random random = new Random(SEED);
        Map<Outcome, Integer> randomPrefixOutcomes = new EnumMap<>(Outcome.class);
        for (int first = 0; first < SEQUENCES; first += BATCH) {
            List<List<Decision>> sequences = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, SEQUENCES - first); i++) {
                List<Decision> sequence = randomSequence(random);
                randomPrefixOutcomes.merge(expected(sequence).outcome(), 1, Integer::sum);
                sequence.addAll(CLOSING_PAIR);
                sequences.add(sequence);
            }
            runBatch(first, sequences);
            engine.cancelStartedInstances();
        }
        assertThat(randomPrefixOutcomes).as("seed %d should exercise every outcome", SEED)
            .containsKeys(Outcome.APPROVED, Outcome.REJECTED, Outcome.CHANGES_REQUESTED, Outcome.PENDING);
    }

    private void runBatch(int first, List<List<Decision>> sequences) {
        Map<String, Integer> indexByRequestId = new HashMap<>();
        List<ZeebeFuture<ProcessInstanceEvent>> started = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            Map<String, Object> variables = awaitingDecisionVariables();
            indexByRequestId.put((String) variables.get(Variables.REQUEST_ID), i);
            started.add(client.newCreateInstanceCommand().bpmnProcessId(ChangeRequestProcess.PROCESS_ID).latestVersion()
                .variables(variables)
                .startBeforeElement(Elements.CATCH_DECISION)
                .send());
        }
        started.forEach(future -> engine.remember(future.join().getProcessInstanceKey()));
        publishInOrderPerRequest(indexByRequestId, sequences);

        Map<Integer, ActivatedJob> finalJobs = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String type : OUTCOME_BY_FINAL_JOB.keySet()) {
                client.newActivateJobsCommand().jobType(type).maxJobsToActivate(sequences.size()).send().join().getJobs()
                    .forEach(job -> assertThat(finalJobs.put(indexByRequestId.get(requestId(job)), job))
                        .as("a second final step for one request, seed %d", SEED).isNull());
            }
            return finalJobs.size() == sequences.size();
        });

        finalJobs.forEach((index, job) -> {
            List<Decision> sequence = sequences.get(index);
            Expected expected = expected(sequence);
            Map<String, Object> variables = job.getVariablesAsMap();
            String context = "seed %d, sequence %d: %s".formatted(SEED, first + index, sequence);
            assertThat(OUTCOME_BY_FINAL_JOB.get(job.getType())).as(context).isEqualTo(expected.outcome());
            assertThat((List<?>) variables.get(Variables.APPROVALS)).as("decisions taken into account, " + context)
                .hasSize(expected.decisionsConsumed());
            if (expected.outcome() == Outcome.APPROVED) {
                @SuppressWarnings("unchecked")
                List<String> approvedBy = (List<String>) ((Map<?, ?>) variables.get(Variables.APPROVAL_REVIEW))
                    .get(ReviewFields.APPROVED_BY);
                assertThat(approvedBy)
                    .as("approvers the token would bind, " + context)
                    .containsExactlyInAnyOrderElementsOf(expected.approvers());
            }
        });
    }

    /**
     * A CRITICAL request as the service leaves it once the approval task is open. The route there is covered by
     * {@link ChangeRequestProcessTest}; starting at the wait keeps a few hundred sequences fast.
     */
    private static Map<String, Object> awaitingDecisionVariables() {
        Map<String, Object> variables = ChangeRequestUnderTest.startVariables("production", List.of(CRITICAL_ACTION));
        variables.put(Variables.RISK, criticalRisk);
        variables.putAll(ChangeRequestUnderTest.serviceClassification(criticalRisk, true));
        variables.put(Variables.APPROVAL_TASK_ID, approvalTaskId((String) variables.get(Variables.REQUEST_ID)));
        return variables;
    }

    /** The rule, stated independently of the FEEL: walk the decisions in order and stop at the first final one. */
    private static Expected expected(List<Decision> sequence) {
        Set<String> approvers = new HashSet<>();
        Set<String> coveredGroups = new HashSet<>();
        for (int i = 0; i < sequence.size(); i++) {
            Approver who = sequence.get(i).approver();
            boolean valid = who.kind().equals(HUMAN) && !who.name().equals(REQUESTER) && !who.name().equals(AGENT_ID)
                && (who.groups().contains(OWNING_TEAM) || who.groups().contains(SRE));
            if (!valid) {
                continue;
            }
            switch (sequence.get(i).outcome()) {
                case REJECT -> {
                    return new Expected(Outcome.REJECTED, i + 1, approvers);
                }
                case REQUEST_CHANGES -> {
                    return new Expected(Outcome.CHANGES_REQUESTED, i + 1, approvers);
                }
                default -> {
                    approvers.add(who.name());
                    coveredGroups.addAll(who.groups());
                }
            }
            if (approvers.size() >= 2 && coveredGroups.containsAll(List.of(OWNING_TEAM, SRE))) {
                return new Expected(Outcome.APPROVED, i + 1, approvers);
            }
        }
        return new Expected(Outcome.PENDING, sequence.size(), approvers);
    }

    private static List<Decision> randomSequence(Random random) {
        int length = 1 + random.nextInt(MAX_DECISIONS);
        List<Decision> sequence = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int roll = random.nextInt(100);
            String outcome = roll < 90 ? APPROVE : roll < 97 ? REJECT : REQUEST_CHANGES;
            sequence.add(new Decision(PEOPLE.get(random.nextInt(PEOPLE.size())), outcome));
        }
        return sequence;
    }

    /** Requests are decided in parallel, but each one's decisions are published strictly one after another. */
    private static void publishInOrderPerRequest(Map<String, Integer> indexByRequestId, List<List<Decision>> sequences) {
        for (int position = 0; position < MAX_DECISIONS + CLOSING_PAIR.size(); position++) {
            List<ZeebeFuture<?>> sent = new ArrayList<>();
            for (Map.Entry<String, Integer> request : indexByRequestId.entrySet()) {
                List<Decision> sequence = sequences.get(request.getValue());
                if (position < sequence.size()) {
                    // The service's verdict after this decision: here the plain-Java rule stands in for it.
                    String serviceSays = expected(sequence.subList(0, position + 1)).outcome().name();
                    sent.add(publish(approvalTaskId(request.getKey()), sequence.get(position),
                        ChangeRequestUnderTest.serviceVerdict(serviceSays, position + 1)));
                }
            }
            sent.forEach(ZeebeFuture::join);
        }
    }

    private static ZeebeFuture<?> publish(String approvalTaskId, Decision decision, Map<String, Object> serviceVerdict) {
        String decisionId = UUID.randomUUID().toString();
        return client.newPublishMessageCommand()
            .messageName(Messages.APPROVAL_DECISION)
            .correlationKey(approvalTaskId)
            .messageId(decisionId)
            .timeToLive(Duration.ofHours(1))
            .variables(Map.of(Variables.DECISION, decision.approver().decision(decisionId, decision.outcome()),
                Variables.DECISION_VERDICT, serviceVerdict))
            .send();
    }

    private static String requestId(ActivatedJob job) {
        return (String) job.getVariablesAsMap().get(Variables.REQUEST_ID);
    }

    private static String approvalTaskId(String requestId) {
        return "task-" + requestId;
    }

    /** DISAGREED: the workflow's review and the service's verdict (the reference rule here) differ. */
    private enum Outcome { PENDING, APPROVED, REJECTED, CHANGES_REQUESTED, DISAGREED }

    private record Expected(Outcome outcome, int decisionsConsumed, Set<String> approvers) {
    }

    private record Decision(Approver approver, String outcome) {

        @Override
        public String toString() {
            return approver.name() + "(" + approver.kind() + " " + approver.groups() + ") " + outcome;
        }
    }
}
