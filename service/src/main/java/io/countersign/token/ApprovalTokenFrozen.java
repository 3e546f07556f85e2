package io.countersign.token;

import java.time.Instant;

/** A valid approval token is held back: a change freeze covers its plan now, and it was not an emergency approval. */
public final class ApprovalTokenFrozen extends ApprovalTokenRefused {

    private final String freeze;
    private final Instant until;

    ApprovalTokenFrozen(String freeze, Instant until) {
        super(TokenCheck.Reason.FROZEN, "change freeze " + freeze + " covers this plan until " + until
                + "; the approval token cannot be redeemed before then (an emergency needs break-glass)");
        this.freeze = freeze;
        this.until = until;
    }

    public String freeze() {
        return freeze;
    }

    public Instant until() {
        return until;
    }
}
