package io.countersign.intake;

import java.time.Instant;

/**
 * Port to the approval of a request, for the one intake step that must end it: a withdrawal. Implemented by the
 * approval capability, which owns the approval's conclusion.
 */
public interface PendingApprovals {

    /**
     * Closes the request's approval task (if it has one) as withdrawn, under the request's row lock the caller holds;
     * refuses, changing nothing, if the approval is already concluded (the decision that concluded it was the last
     * one accepted).
     */
    void closeForWithdrawal(ChangeRequest request, String by, Instant at);
}
