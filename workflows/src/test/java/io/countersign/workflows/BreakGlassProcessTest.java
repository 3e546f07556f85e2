package io.countersign.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.workflows.ChangeRequestProcess.BreakGlassFields;
import io.countersign.workflows.ChangeRequestProcess.Elements;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The break-glass paths of the change-request workflow, one per test: the service approved a waiting plan for one
 * person and says so; the workflow leaves the approval, keeps the short window, and waits for the two-person review,
 * which escalates when overdue. Who may break glass and review is the service's call (tested in the service).
 */
@ExtendWith(ProcessEngineExtension.class)
class BreakGlassProcessTest {

    private static final Map<String, Object> BROKEN_BY_DAVE = Map.of(Variables.BREAK_GLASS,
        Map.of(BreakGlassFields.INVOKED_BY, "dave", BreakGlassFields.REVIEW_WITHIN, "PT24H"));

    private final TestEngine engine;

    BreakGlassProcessTest(TestEngine engine) {
        this.engine = engine;
    }

    @AfterEach
    void cancelLeftovers() {
        engine.cancelStartedInstances();
    }

    @Test
    void breakGlassLeavesTheApprovalAtOnceAndAwaitsBothTheExecutionAndTheReview() {
        var request = brokenGlass();

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.BOUNDARY_BREAK_GLASS, Elements.TASK_CONFIRM_BREAK_GLASS,
            Elements.GATEWAY_BREAK_GLASS_FORK);
        assertThat(trail.isWaitingAt(Elements.GATEWAY_AWAIT_EXECUTION)).isTrue();
        assertThat(trail.isWaitingAt(Elements.CATCH_BREAK_GLASS_REVIEWED)).isTrue();
        assertThat(trail.isWaitingAt(Elements.CATCH_DECISION)).isFalse();
        assertThat(trail.activated()).doesNotContain(Elements.TASK_APPROVE, Elements.TASK_ESCALATE);
    }

    @Test
    void theReviewCompletesWhenTheServiceSaysTwoPeopleOtherThanTheInvokerReviewedIt() {
        var request = brokenGlass();

        request.publish(Messages.BREAK_GLASS_REVIEW, review("PENDING", "bob"));
        Trail afterOne = request.trail();
        request.publish(Messages.BREAK_GLASS_REVIEW, review("FLAGGED", "bob", "carol"));
        Trail afterTwo = request.trail();

        assertThat(afterOne.isWaitingAt(Elements.CATCH_BREAK_GLASS_REVIEWED)).isTrue();
        assertThat(afterTwo.completed()).contains(Elements.SUBPROCESS_BREAK_GLASS_REVIEW,
            Elements.END_BREAK_GLASS_REVIEWED);
        assertThat(afterTwo.isWaitingAt(Elements.GATEWAY_AWAIT_EXECUTION)).isTrue();
        assertThat(afterTwo.activated()).doesNotContain(Elements.TASK_ESCALATE_BREAK_GLASS_REVIEW);
    }

    @Test
    void aCompleteVerdictThatCountsTheInvokerOrOnePersonTwiceKeepsTheReviewOpen() {
        var request = brokenGlass();

        request.publish(Messages.BREAK_GLASS_REVIEW, review("ACCEPTED", "dave", "bob"));
        request.publish(Messages.BREAK_GLASS_REVIEW, review("ACCEPTED", "bob", "bob"));

        Trail trail = request.trail();
        assertThat(trail.isWaitingAt(Elements.CATCH_BREAK_GLASS_REVIEWED)).isTrue();
        assertThat(trail.activated()).doesNotContain(Elements.END_BREAK_GLASS_REVIEWED);
    }

    @Test
    void anOverdueReviewEscalatesOnceAndStaysOpen() {
        var request = brokenGlass();

        engine.increaseTime(Duration.ofHours(24).plusMinutes(1));
        request.complete(JobTypes.ESCALATE_BREAK_GLASS_REVIEW);

        Trail trail = request.trail();
        assertThat(trail.timesActivated(Elements.BOUNDARY_BREAK_GLASS_REVIEW_OVERDUE)).isEqualTo(1);
        assertThat(trail.completed()).contains(Elements.TASK_ESCALATE_BREAK_GLASS_REVIEW,
            Elements.END_BREAK_GLASS_REVIEW_ESCALATED);
        assertThat(trail.isWaitingAt(Elements.CATCH_BREAK_GLASS_REVIEWED)).isTrue();
    }

    @Test
    void theEmergencyApprovalLapsesAfterTheShortBreakGlassWindow() {
        var request = brokenGlass();

        engine.increaseTime(Duration.ofHours(1).plusMinutes(1));
        request.complete(JobTypes.LAPSE_APPROVAL);

        Trail trail = request.trail();
        assertThat(trail.completed()).contains(Elements.TIMER_APPROVAL_WINDOW, Elements.TASK_LAPSE,
            Elements.END_LAPSED);
        assertThat(trail.isWaitingAt(Elements.CATCH_BREAK_GLASS_REVIEWED)).as("the review outlives the lapse")
            .isTrue();
    }

    /** A CRITICAL plan waiting for approvers, then the service's break-glass message and its confirmation. */
    private ChangeRequestUnderTest brokenGlass() {
        var request = ChangeRequestUnderTest.submit(engine, "production",
            List.of(ChangeRequestProcessTest.action("production", "DELETE", "RESOURCE", 1, false, true)))
            .awaitingApproval();
        request.publish(Messages.BREAK_GLASS, BROKEN_BY_DAVE);
        request.complete(JobTypes.CONFIRM_BREAK_GLASS, Map.of(Variables.APPROVAL_WINDOW, "PT1H"));
        return request;
    }

    private static Map<String, Object> review(String outcome, String... reviewers) {
        return Map.of(Variables.BREAK_GLASS_REVIEW, Map.of(BreakGlassFields.OUTCOME, outcome,
            BreakGlassFields.REVIEWERS, List.of(reviewers), BreakGlassFields.INVOKED_BY, "dave"));
    }
}
