package io.countersign.ui.request;

import io.countersign.ui.shared.RequestStatus;
import io.countersign.ui.shared.Tier;
import java.util.ArrayList;
import java.util.List;

/**
 * The request's lifecycle as a row of steps (submitted → classified → awaiting approval → approved → executed), read
 * from its status alone: where it is, what it passed, and where it stopped if it left the main path.
 */
public final class Lifecycle {

    /** How a step stands: passed, in progress now, not reached, passed over (LOW), or where the request stopped. */
    public enum State { DONE, CURRENT, TODO, SKIPPED, STOPPED }

    /**
     * @param note what happened at the step when it is not the plain label ("Approved automatically", "Rejected")
     */
    public record Step(String label, State state, String note) {

        public String cssClass() {
            return "step-" + state.name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean isCurrent() {
            return state == State.CURRENT || state == State.STOPPED;
        }
    }

    private static final List<String> LABELS = List.of("Submitted", "Classified", "Awaiting approval", "Approved",
            "Executed");
    private static final int CLASSIFIED = 1;
    private static final int APPROVAL = 2;
    private static final int APPROVED = 3;
    private static final int EXECUTED = 4;

    private Lifecycle() {
    }

    public static List<Step> of(RequestStatus status, Tier tier) {
        return switch (status) {
            case SUBMITTED -> steps(CLASSIFIED, State.CURRENT, null, tier);
            case CLASSIFIED -> steps(tier == Tier.LOW ? APPROVED : APPROVAL, State.CURRENT, null, tier);
            case PENDING_APPROVAL -> steps(APPROVAL, State.CURRENT, null, tier);
            case APPROVED -> steps(EXECUTED, State.CURRENT, "waiting for the executor", tier);
            case EXECUTED_SUCCEEDED -> steps(LABELS.size(), State.DONE, null, tier);
            case EXECUTED_FAILED, EXECUTED_ROLLED_BACK, APPROVAL_LAPSED ->
                    steps(EXECUTED, State.STOPPED, status.label(), tier);
            case DENIED -> steps(CLASSIFIED, State.STOPPED, status.label(), tier);
            case REJECTED, CHANGES_REQUESTED, EXPIRED, WITHDRAWN -> steps(APPROVAL, State.STOPPED, status.label(), tier);
        };
    }

    /** Steps before {@code at} are done, {@code at} is in {@code state}, the rest are still to come. */
    private static List<Step> steps(int at, State state, String note, Tier tier) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            if (i == APPROVAL && tier == Tier.LOW && at > APPROVAL) {
                steps.add(new Step(LABELS.get(i), State.SKIPPED, "not needed: LOW is approved automatically"));
            } else if (i < at) {
                steps.add(new Step(LABELS.get(i), State.DONE, null));
            } else if (i == at) {
                steps.add(new Step(LABELS.get(i), state, note));
            } else {
                steps.add(new Step(LABELS.get(i), State.TODO, null));
            }
        }
        return steps;
    }
}
