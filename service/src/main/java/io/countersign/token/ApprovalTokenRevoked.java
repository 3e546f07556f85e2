package io.countersign.token;

import java.time.Instant;

/** The approval token was revoked before anyone redeemed it (its plan was withdrawn); it starts nothing. */
public class ApprovalTokenRevoked extends ApprovalTokenRefused {

    private final Instant revokedAt;
    private final String revocationReason;

    ApprovalTokenRevoked(Instant revokedAt, String revocationReason) {
        super(TokenCheck.Reason.REVOKED, revokedWords(revokedAt, revocationReason));
        this.revokedAt = revokedAt;
        this.revocationReason = revocationReason;
    }

    static String revokedWords(Instant at, String why) {
        return "revoked at " + at + ": " + why;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public String revocationReason() {
        return revocationReason;
    }
}
