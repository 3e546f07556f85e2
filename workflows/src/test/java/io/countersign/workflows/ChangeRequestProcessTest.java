package io.countersign.workflows;

import static io.countersign.workflows.ChangeRequestUnderTest.AGENT_ID;
import static io.countersign.workflows.ChangeRequestUnderTest.OWNING_TEAM;
import static io.countersign.workflows.ChangeRequestUnderTest.REQUESTER;
import static io.countersign.workflows.ChangeRequestUnderTest.SRE;
import static io.countersign.workflows.ChangeRequestProcess.DecisionValues.APPROVE;
import static io.countersign.workflows.ChangeRequestProcess.DecisionValues.REJECT;
import static io.countersign.workflows.ChangeRequestProcess.DecisionValues.REQUEST_CHANGES;
import static io.countersign.workflows.ChangeRequestProcess.ReviewOutcomes.APPROVED;
import static io.countersign.workflows.ChangeRequestProcess.ReviewOutcomes.CHANGES_REQUESTED;
import static io.countersign.workflows.ChangeRequestProcess.ReviewOutcomes.PENDING;
import static io.countersign.workflows.ChangeRequestProcess.ReviewOutcomes.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.countersign.workflows.ChangeRequestProcess.Elements;
import io.countersign.workflows.ChangeRequestProcess.Errors;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.ReviewFields;
import io.countersign.workflows.ChangeRequestProcess.ReviewOutcomes;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import io.countersign.workflows.ChangeRequestProcess.RiskInputFields;
import io.countersign.workflows.ChangeRequestProcess.Tiers;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import io.countersign.workflows.ChangeRequestUnderTest.Approver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every route through the change-request workflow, one path per test: what completed, and what never ran. */
@ExtendWith(ProcessEngineExtension.class)
class ChangeRequestProcessTest {

    private static final Approver REQUESTER_HIMSELF = Approver.human(REQUESTER, OWNING_TEAM, SRE);
    private static final Approver THE_AGENT = Approver.agent(AGENT_ID, OWNING_TEAM, SRE);
    private static final Approver HUMAN_NAMED_AS_THE_AGENT = Approver.human(AGENT_ID, OWNING_TEAM, SRE);
    private static final Approver BOB_OWNER = Approver.human("bob", OWNING_TEAM);
    private static final Approver DAVE_OWNER = Approver.human("dave", OWNING_TEAM);
    private static final Approver CAROL_SRE = Approver.human("carol", SRE);
    private static final Approver MALLORY_OUTSIDER = Approver.human("mallory", "marketing");
    private static final Approver IRIS_INCIDENT_COMMANDER = Approver.human("iris", "incident-commanders");

    private final TestEngine engine;

    ChangeRequestProcessTest(TestEngine engine) {
        this.engine = engine;
    }

    @AfterEach
    void cancelLeftovers() {
        engine.cancelStartedInstances();
    }

    @Test
    void lowRiskPlanIsApprovedAutomatically() {
        var request = submit("staging", action("staging", "UPDATE", "RESOURCE", 1, true, false));
        request.classify();
        request.complete(JobTypes.APPROVE_REQUEST);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.TASK_CLASSIFY_ACTION,
            Elements.TASK_SELECT_RISKIEST_ACTION, Elements.TASK_RECORD_CLASSIFICATION, Elements.GATEWAY_TIER,
            Elements.TASK_APPROVE);
        assertThat(trail.isWaitingAt(Elements.GATEWAY_AWAIT_EXECUTION)).isTrue();
        assertThat(trail.activated()).doesNotContain(Elements.SUBPROCESS_APPROVAL, Elements.TASK_OPEN_APPROVAL,
            Elements.TASK_DENY);
    }

    @Test
    void planOutsidePolicyIsDeniedWithTheReasonOfTheRuleThatFired() {
        var request = submit("prod-eu", action("prod-eu", "UPDATE", "RESOURCE", 1, true, true));
        request.classify();
        ActivatedJob deny = request.complete(JobTypes.DENY_REQUEST);

        assertThat(deny.getVariablesAsMap().get(Variables.DENIAL_REASON)).asString().contains("environment");
        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.TASK_RECORD_CLASSIFICATION, Elements.TASK_DENY,
            Elements.END_DENIED, ChangeRequestProcess.PROCESS_ID);
        assertThat(trail.activated()).doesNotContain(Elements.SUBPROCESS_APPROVAL, Elements.TASK_APPROVE);
    }

    @Test
    void planThatNoLongerMatchesItsHashIsDeniedWhenTheClassificationWouldBeRecorded() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true));
        ActivatedJob record = request.awaitJob(JobTypes.RECORD_CLASSIFICATION);
        engine.client().newThrowErrorCommand(record).errorCode(Errors.PLAN_MISMATCH).errorMessage("hash differs").send().join();
        ActivatedJob deny = request.complete(JobTypes.DENY_REQUEST);

        assertThat(deny.getVariablesAsMap().get(Variables.DENIAL_REASON)).asString().contains("plan hash");
        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.BOUNDARY_PLAN_MISMATCH, Elements.TASK_DENY, Elements.END_DENIED);
        assertThat(trail.terminated()).contains(Elements.TASK_RECORD_CLASSIFICATION);
        assertThat(trail.activated()).doesNotContain(Elements.GATEWAY_TIER, Elements.SUBPROCESS_APPROVAL,
            Elements.TASK_APPROVE);
    }

    @Test
    void planTierIsTheHighestOverItsActions() {
        var request = submit("production",
            action("production", "READ", "RESOURCE", 1, true, false),
            action("production", "DELETE", "RESOURCE", 1, false, true),
            action("production", "SCALE", "MULTI_REGION", 3, true, true));
        Map<String, Object> variables = request.awaitJob(JobTypes.RECORD_CLASSIFICATION).getVariablesAsMap();

        assertThat(ChangeRequestUnderTest.risk(variables))
            .containsEntry(RiskFields.TIER, Tiers.CRITICAL)
            .containsEntry(RiskFields.RULE_ID, "critical-production-destructive");
        List<Object> tiers = ((List<?>) variables.get(Variables.ACTION_RISKS)).stream()
            .map(risk -> ((Map<?, ?>) risk).get(RiskFields.TIER))
            .map(Object.class::cast)
            .toList();
        assertThat(tiers).containsExactly(Tiers.LOW, Tiers.CRITICAL, Tiers.HIGH);
    }

    @Test
    void planWithoutActionsIsDenied() {
        var request = submit("production");
        request.classify();
        ActivatedJob deny = request.complete(JobTypes.DENY_REQUEST);

        assertThat(ChangeRequestUnderTest.risk(deny.getVariablesAsMap()))
            .containsEntry(RiskFields.RULE_ID, "denied-unclassified-plan");
        assertThat(request.trail().activated()).doesNotContain(Elements.SUBPROCESS_APPROVAL, Elements.TASK_APPROVE);
    }

    @Test
    void mediumPlanIsApprovedByOneOwningTeamApprover() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true)).awaitingApproval();
        request.decide(BOB_OWNER, APPROVE, APPROVED);
        ActivatedJob approve = request.complete(JobTypes.APPROVE_REQUEST);

        assertThat(review(approve)).containsEntry(ReviewFields.APPROVED_BY, List.of("bob"));
        assertApprovedWithoutSideExits(request.trail());
    }

    @Test
    void highPlanIsApprovedBySreAndNotByTheOwningTeam() {
        var request = submit("production", action("production", "SCALE", "MULTI_REGION", 3, true, true)).awaitingApproval();
        request.decide(BOB_OWNER, APPROVE, PENDING);
        assertThat(request.trail().isWaitingAt(Elements.CATCH_DECISION)).as("an owning-team approval on a HIGH plan").isTrue();

        request.decide(CAROL_SRE, APPROVE, APPROVED);
        ActivatedJob approve = request.complete(JobTypes.APPROVE_REQUEST);

        assertThat(review(approve)).containsEntry(ReviewFields.APPROVED_BY, List.of("carol"));
        assertApprovedWithoutSideExits(request.trail());
    }

    @Test
    void criticalPlanStaysPendingWhenTheSamePersonApprovesTwice() {
        var request = critical().awaitingApproval();
        request.decide(BOB_OWNER, APPROVE, PENDING).decide(BOB_OWNER, APPROVE, PENDING);

        Trail trail = request.trail();
        assertThat(trail.isWaitingAt(Elements.CATCH_DECISION)).isTrue();
        assertThat(trail.timesActivated(Elements.GATEWAY_DECISION)).isEqualTo(2);
        assertThat(trail.activated()).doesNotContain(Elements.TASK_APPROVE, Elements.END_APPROVAL_GRANTED);
    }

    @Test
    void criticalPlanNeverCountsTheRequesterTheAgentOrOutsiders() {
        var request = critical().awaitingApproval();
        // The service refuses all but bob's; the workflow's own review ignores them just as well.
        request.decide(REQUESTER_HIMSELF, APPROVE, PENDING)
            .decide(THE_AGENT, APPROVE, PENDING)
            .decide(HUMAN_NAMED_AS_THE_AGENT, APPROVE, PENDING)
            .decide(MALLORY_OUTSIDER, APPROVE, PENDING)
            .decide(BOB_OWNER, APPROVE, PENDING);

        Trail pending = request.trail();
        assertThat(pending.isWaitingAt(Elements.CATCH_DECISION)).isTrue();
        assertThat(pending.activated()).doesNotContain(Elements.TASK_APPROVE);

        request.decide(CAROL_SRE, APPROVE, APPROVED);
        ActivatedJob approve = request.complete(JobTypes.APPROVE_REQUEST);

        assertThat(review(approve)).containsEntry(ReviewFields.APPROVED_BY, List.of("bob", "carol"));
        assertThat((List<?>) review(approve).get(ReviewFields.IGNORED_DECISION_IDS)).hasSize(4);
        assertApprovedWithoutSideExits(request.trail());
    }

    @Test
    void criticalPlanNeedsOneApproverFromEachGroupWhenEachGroupIsRequired() {
        var request = critical().awaitingApproval(true);
        request.decide(BOB_OWNER, APPROVE, PENDING).decide(DAVE_OWNER, APPROVE, PENDING);

        Trail pending = request.trail();
        assertThat(pending.isWaitingAt(Elements.CATCH_DECISION)).as("two owners, no SRE").isTrue();
        assertThat(pending.activated()).doesNotContain(Elements.TASK_APPROVE);

        request.decide(CAROL_SRE, APPROVE, APPROVED);
        request.complete(JobTypes.APPROVE_REQUEST);
        assertApprovedWithoutSideExits(request.trail());
    }

    @Test
    void criticalPlanAcceptsAnyTwoDistinctApproversWhenEachGroupIsNotRequired() {
        var request = critical().awaitingApproval(false);
        request.decide(BOB_OWNER, APPROVE, PENDING).decide(DAVE_OWNER, APPROVE, APPROVED);
        ActivatedJob approve = request.complete(JobTypes.APPROVE_REQUEST);

        assertThat(review(approve)).containsEntry(ReviewFields.APPROVED_BY, List.of("bob", "dave"));
        assertApprovedWithoutSideExits(request.trail());
    }

    @Test
    void validRejectEndsTheRequestButTheRequestersRejectDoesNot() {
        var request = critical().awaitingApproval();
        request.decide(REQUESTER_HIMSELF, REJECT, PENDING).decide(BOB_OWNER, APPROVE, PENDING);
        assertThat(request.trail().isWaitingAt(Elements.CATCH_DECISION)).isTrue();

        request.decide(CAROL_SRE, REJECT, REJECTED);
        request.complete(JobTypes.REJECT_REQUEST);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.END_APPROVAL_REJECTED, Elements.SUBPROCESS_APPROVAL,
            Elements.TASK_REJECT, Elements.END_REJECTED);
        assertThat(trail.activated()).doesNotContain(Elements.TASK_APPROVE, Elements.TASK_REQUEST_CHANGES);
    }

    @Test
    void requestForChangesEndsTheRequest() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true)).awaitingApproval();
        request.decide(BOB_OWNER, REQUEST_CHANGES, CHANGES_REQUESTED);
        request.complete(JobTypes.REQUEST_CHANGES);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.END_APPROVAL_CHANGES_REQUESTED, Elements.TASK_REQUEST_CHANGES,
            Elements.END_CHANGES_REQUESTED);
        assertThat(trail.activated()).doesNotContain(Elements.TASK_APPROVE, Elements.TASK_REJECT);
    }

    @Test
    void slaBreachEscalatesOnceAndTheApprovalStaysOpenForTheEscalationGroup() {
        var request = submit("production", action("production", "SCALE", "MULTI_REGION", 3, true, true)).awaitingApproval();

        engine.increaseTime(Duration.ofHours(2).plusMinutes(1));
        request.complete(JobTypes.ESCALATE_APPROVAL, Map.of(Variables.ESCALATION_GROUPS, List.of("incident-commanders")));
        engine.increaseTime(Duration.ofHours(5));

        Trail escalated = request.trail();
        assertThat(escalated.timesActivated(Elements.BOUNDARY_ESCALATE)).isEqualTo(1);
        assertThat(escalated.completed()).contains(Elements.TASK_ESCALATE, Elements.END_ESCALATED);
        assertThat(escalated.isWaitingAt(Elements.CATCH_DECISION)).isTrue();

        request.decide(IRIS_INCIDENT_COMMANDER, APPROVE, APPROVED);
        request.complete(JobTypes.APPROVE_REQUEST);
        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.SUBPROCESS_APPROVAL, Elements.TASK_APPROVE);
        assertThat(trail.activated()).doesNotContain(Elements.TASK_EXPIRE, Elements.TASK_WITHDRAW);
    }

    @Test
    void pendingApprovalExpires() {
        var request = critical().awaitingApproval();
        request.decide(BOB_OWNER, APPROVE, PENDING);

        engine.increaseTime(Duration.ofHours(24).plusMinutes(1));
        request.complete(JobTypes.EXPIRE_REQUEST);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.BOUNDARY_EXPIRED, Elements.TASK_EXPIRE, Elements.END_EXPIRED);
        assertThat(trail.terminated()).contains(Elements.SUBPROCESS_APPROVAL, Elements.CATCH_DECISION);
        assertThat(trail.activated()).doesNotContain(Elements.TASK_APPROVE, Elements.TASK_REJECT, Elements.TASK_WITHDRAW);
    }

    @Test
    void serviceApprovalTheWorkflowDoesNotShareStopsAtTheDisagreementAndNeverApproves() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true)).awaitingApproval();
        request.decide(MALLORY_OUTSIDER, APPROVE, APPROVED);
        request.awaitJob(JobTypes.REPORT_DISAGREEMENT);

        Trail trail = request.trail();
        assertThat(trail.isWaitingAt(Elements.TASK_REPORT_DISAGREEMENT)).isTrue();
        assertThat(trail.activated()).doesNotContain(Elements.END_APPROVAL_GRANTED, Elements.TASK_APPROVE,
            Elements.TASK_REJECT);
    }

    @Test
    void workflowApprovalTheServiceDoesNotShareStopsAtTheDisagreement() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true)).awaitingApproval();
        request.decide(BOB_OWNER, APPROVE, PENDING);
        request.awaitJob(JobTypes.REPORT_DISAGREEMENT);

        assertThat(request.trail().activated()).doesNotContain(Elements.TASK_APPROVE, Elements.END_APPROVAL_GRANTED);
    }

    @Test
    void decisionsDeliveredOutOfOrderAreFollowedOnceAllHaveArrived() {
        var request = critical().awaitingApproval(true);
        request.decide(CAROL_SRE, APPROVE, APPROVED, 2);
        assertThat(request.trail().isWaitingAt(Elements.CATCH_DECISION)).as("the first decision is still on its way").isTrue();

        request.decide(BOB_OWNER, APPROVE, PENDING, 1);
        ActivatedJob approve = request.complete(JobTypes.APPROVE_REQUEST);

        assertThat(review(approve)).containsEntry(ReviewFields.APPROVED_BY, List.of("carol", "bob"));
        assertThat(request.trail().activated()).doesNotContain(Elements.TASK_REPORT_DISAGREEMENT);
    }

    @Test
    void decisionWithoutTheServicesVerdictNeverApproves() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true)).awaitingApproval();
        request.decide(BOB_OWNER, APPROVE, null);
        request.awaitJob(JobTypes.REPORT_DISAGREEMENT);

        assertThat(request.trail().activated()).doesNotContain(Elements.TASK_APPROVE, Elements.END_APPROVAL_GRANTED);
    }

    @Test
    void requesterCanWithdrawAPendingApproval() {
        var request = critical().awaitingApproval();
        request.publish(Messages.WITHDRAW_REQUEST, Map.of());
        request.complete(JobTypes.WITHDRAW_REQUEST);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.START_WITHDRAWN, Elements.TASK_WITHDRAW, Elements.END_WITHDRAWN,
            Elements.EVENT_SUBPROCESS_WITHDRAWN);
        assertThat(trail.terminated()).contains(Elements.SUBPROCESS_APPROVAL);
        assertThat(trail.activated()).doesNotContain(Elements.TASK_APPROVE, Elements.TASK_EXPIRE, Elements.TASK_ESCALATE);
    }

    @Test
    void withdrawWhileTheClassificationIsBeingRecordedEndsWithdrawn() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true));
        request.awaitJob(JobTypes.RECORD_CLASSIFICATION);
        request.publish(Messages.WITHDRAW_REQUEST, Map.of());
        request.complete(JobTypes.WITHDRAW_REQUEST);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.TASK_WITHDRAW, Elements.END_WITHDRAWN);
        assertThat(trail.terminated()).contains(Elements.TASK_RECORD_CLASSIFICATION);
        assertThat(trail.activated()).doesNotContain(Elements.GATEWAY_TIER, Elements.TASK_APPROVE,
            Elements.SUBPROCESS_APPROVAL);
    }

    @Test
    void lowPlanWithdrawnBeforeItsAutomaticApprovalEndsWithdrawn() {
        var request = submit("staging", action("staging", "UPDATE", "RESOURCE", 1, true, false));
        request.classify();
        request.throwError(JobTypes.APPROVE_REQUEST, Errors.REQUEST_WITHDRAWN);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.BOUNDARY_WITHDRAWN_BEFORE_GRANT, Elements.END_WITHDRAWN_EARLY);
        assertThat(trail.completed()).doesNotContain(Elements.TASK_APPROVE);
        assertThat(trail.activated()).doesNotContain(Elements.GATEWAY_AWAIT_EXECUTION, Elements.TASK_LAPSE);
    }

    @Test
    void planWithdrawnBeforeItsApprovalTaskOpensEndsWithdrawn() {
        var request = submit("production", action("production", "RESTART", "RESOURCE", 1, true, true));
        request.classify();
        request.throwError(JobTypes.OPEN_APPROVAL, Errors.REQUEST_WITHDRAWN);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.BOUNDARY_WITHDRAWN_BEFORE_APPROVAL, Elements.END_WITHDRAWN_EARLY);
        assertThat(trail.activated()).doesNotContain(Elements.CATCH_DECISION, Elements.TASK_APPROVE,
            Elements.GATEWAY_APPROVAL_OUTCOME);
    }

    @Test
    void withdrawWhileAwaitingTheExecutionReportEndsWithdrawn() {
        var request = submit("staging", action("staging", "UPDATE", "RESOURCE", 1, true, false));
        request.classify();
        request.complete(JobTypes.APPROVE_REQUEST);
        request.publish(Messages.WITHDRAW_REQUEST, Map.of());
        request.complete(JobTypes.WITHDRAW_REQUEST);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.TASK_APPROVE, Elements.TASK_WITHDRAW, Elements.END_WITHDRAWN);
        assertThat(trail.activated()).doesNotContain(Elements.TASK_RECORD_EXECUTION, Elements.TASK_LAPSE);
    }

    @Test
    void executionReportClosesAnApprovedRequest() {
        var request = submit("staging", action("staging", "UPDATE", "RESOURCE", 1, true, false));
        request.classify();
        request.complete(JobTypes.APPROVE_REQUEST);
        request.publish(Messages.EXECUTION_REPORT,
            Map.of(Variables.EXECUTION, Map.of("outcome", "SUCCEEDED", "reportedBy", AGENT_ID)));
        ActivatedJob record = request.complete(JobTypes.RECORD_EXECUTION);

        assertThat(record.getVariablesAsMap().get(Variables.EXECUTION)).isEqualTo(Map.of("outcome", "SUCCEEDED", "reportedBy", AGENT_ID));
        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.CATCH_EXECUTION, Elements.TASK_RECORD_EXECUTION, Elements.END_EXECUTED);
        assertThat(trail.activated()).doesNotContain(Elements.TIMER_APPROVAL_WINDOW, Elements.TASK_LAPSE);
    }

    @Test
    void approvalLapsesWhenTheAgentDoesNotReportWithinTheWindow() {
        var request = submit("staging", action("staging", "UPDATE", "RESOURCE", 1, true, false));
        request.classify();
        request.complete(JobTypes.APPROVE_REQUEST);

        engine.increaseTime(Duration.ofHours(8).plusMinutes(1));
        request.complete(JobTypes.LAPSE_APPROVAL);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.TIMER_APPROVAL_WINDOW, Elements.TASK_LAPSE, Elements.END_LAPSED);
        assertThat(trail.activated()).doesNotContain(Elements.CATCH_EXECUTION, Elements.TASK_RECORD_EXECUTION);
    }

    private void assertApprovedWithoutSideExits(Trail trail) {
        assertThat(trail.completed()).contains(Elements.TASK_OPEN_APPROVAL, Elements.END_APPROVAL_GRANTED,
            Elements.SUBPROCESS_APPROVAL, Elements.GATEWAY_APPROVAL_OUTCOME, Elements.TASK_APPROVE);
        assertThat(trail.isWaitingAt(Elements.GATEWAY_AWAIT_EXECUTION)).isTrue();
        assertThat(trail.activated()).doesNotContain(Elements.TASK_DENY, Elements.TASK_REJECT, Elements.TASK_REQUEST_CHANGES,
            Elements.TASK_EXPIRE, Elements.TASK_WITHDRAW, Elements.TASK_ESCALATE);
    }

    private ChangeRequestUnderTest critical() {
        return submit("production", action("production", "RECREATE", "REGION", 1, false, true));
    }

    @SafeVarargs
    private ChangeRequestUnderTest submit(String environment, Map<String, Object>... actions) {
        return ChangeRequestUnderTest.submit(engine, environment, List.of(actions));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> review(ActivatedJob job) {
        Map<String, Object> review = (Map<String, Object>) job.getVariablesAsMap().get(Variables.APPROVAL_REVIEW);
        assertThat(review).containsEntry(ReviewFields.OUTCOME, ReviewOutcomes.APPROVED);
        return review;
    }

    static Map<String, Object> action(String environment, String operation, String scope, int regionCount,
                                      boolean reversible, boolean hasRollbackPlan) {
        Map<String, Object> input = new HashMap<>();
        input.put(RiskInputFields.ENVIRONMENT, environment);
        input.put(RiskInputFields.OPERATION, operation);
        input.put(RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, false);
        input.put(RiskInputFields.SCOPE, scope);
        input.put(RiskInputFields.REGION_COUNT, regionCount);
        input.put(RiskInputFields.REVERSIBLE, reversible);
        input.put(RiskInputFields.HAS_ROLLBACK_PLAN, hasRollbackPlan);
        return input;
    }
}
