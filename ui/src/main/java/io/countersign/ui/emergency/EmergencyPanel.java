package io.countersign.ui.emergency;

import java.time.Instant;
import java.util.List;

/**
 * The break-glass part of a request page, as the service answers for this viewer.
 *
 * @param mayBreakGlass the viewer is in the break-glass group and the plan waits for approvers they may rescue
 * @param mayReview     the viewer may review the break-glass now (not its invoker, not the requesting side, of an
 *                      open review group, not reviewed yet)
 * @param reviews       the reviews so far, oldest first
 * @param onSubmit      what became of an emergency asked for on submit (e.g. "Refused: the policy denied ..."), or
 *                      null when none was asked for
 */
public record EmergencyPanel(boolean mayBreakGlass, boolean mayReview, List<ReviewRow> reviews, String onSubmit) {

    public EmergencyPanel {
        reviews = List.copyOf(reviews);
    }

    public static EmergencyPanel none() {
        return new EmergencyPanel(false, false, List.of(), null);
    }

    /** One reviewer's mark, for the group it counts for. */
    public record ReviewRow(String reviewer, String group, String outcome, String comment, Instant reviewedAt) {
    }
}
