package io.countersign.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.ui.request.Lifecycle.State;
import io.countersign.ui.request.Lifecycle.Step;
import io.countersign.ui.shared.RequestStatus;
import io.countersign.ui.shared.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTests {

    @Test
    void aPendingPlanHasPassedSubmissionAndClassificationAndAwaitsApproval() {
        assertThat(states(Lifecycle.of(RequestStatus.PENDING_APPROVAL, Tier.CRITICAL)))
                .containsExactly(State.DONE, State.DONE, State.CURRENT, State.TODO, State.TODO);
    }

    @Test
    void anApprovedPlanWaitsForTheExecutor() {
        List<Step> steps = Lifecycle.of(RequestStatus.APPROVED, Tier.HIGH);

        assertThat(states(steps)).containsExactly(State.DONE, State.DONE, State.DONE, State.DONE, State.CURRENT);
        assertThat(steps.getLast().note()).isEqualTo("waiting for the executor");
    }

    @Test
    void aLowPlanSkipsTheApprovalStep() {
        assertThat(states(Lifecycle.of(RequestStatus.EXECUTED_SUCCEEDED, Tier.LOW)))
                .containsExactly(State.DONE, State.DONE, State.SKIPPED, State.DONE, State.DONE);
    }

    @Test
    void aRejectedPlanStopsAtTheApprovalStepAndSaysSo() {
        List<Step> steps = Lifecycle.of(RequestStatus.REJECTED, Tier.CRITICAL);

        assertThat(states(steps)).containsExactly(State.DONE, State.DONE, State.STOPPED, State.TODO, State.TODO);
        assertThat(steps.get(2).note()).isEqualTo("Rejected");
        assertThat(steps.stream().filter(Step::isCurrent)).hasSize(1);
    }

    @Test
    void aDeniedPlanStopsAtClassificationAndALapsedApprovalAtExecution() {
        assertThat(states(Lifecycle.of(RequestStatus.DENIED, Tier.DENIED)))
                .containsExactly(State.DONE, State.STOPPED, State.TODO, State.TODO, State.TODO);
        assertThat(states(Lifecycle.of(RequestStatus.APPROVAL_LAPSED, Tier.MEDIUM)))
                .containsExactly(State.DONE, State.DONE, State.DONE, State.DONE, State.STOPPED);
    }

    private static List<State> states(List<Step> steps) {
        return steps.stream().map(Step::state).toList();
    }
}
