package io.countersign.approval;

import java.util.Optional;

/**
 * An approval as one person sees it now, asked of the one judge in one read: where it stands, what they may decide,
 * and why they may not approve (if they may not).
 *
 * @param task          the approval task; empty for a plan approved without people
 * @param whyNotApprove the refusal an approval by this person would meet now; empty if it would be accepted
 */
public record Standing(Progress progress, Optional<ApprovalTask> task, AllowedDecisions allowed,
                       Optional<DecisionRefused> whyNotApprove) {

    /** Their approval would count now: the approval waits on them. */
    public boolean needsThem() {
        return whyNotApprove.isEmpty() && allowed.allows(DecisionOutcome.APPROVE);
    }
}
