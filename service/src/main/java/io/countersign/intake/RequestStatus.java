package io.countersign.intake;

import java.util.Set;

/** Where a change request is in its lifecycle. */
public enum RequestStatus {
    SUBMITTED, CLASSIFIED, PENDING_APPROVAL, APPROVED, EXECUTED,
    DENIED, REJECTED, CHANGES_REQUESTED, EXPIRED, WITHDRAWN, APPROVAL_LAPSED;

    private static final Set<RequestStatus> FINAL =
            Set.of(EXECUTED, DENIED, REJECTED, CHANGES_REQUESTED, EXPIRED, WITHDRAWN, APPROVAL_LAPSED);

    /** Nothing can change a request in a final status. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Not decided yet: the requesting side can still withdraw or revise it without touching an approval token. */
    public boolean isPending() {
        return this == SUBMITTED || this == CLASSIFIED || this == PENDING_APPROVAL;
    }

    /** A decision the agent can act on: approved, or a final status. */
    public boolean isDecided() {
        return this == APPROVED || isFinal();
    }
}
