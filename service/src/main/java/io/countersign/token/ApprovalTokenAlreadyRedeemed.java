package io.countersign.token;

import java.time.Instant;

/** The approval token was already spent: its execution started then, by that caller. */
public class ApprovalTokenAlreadyRedeemed extends ApprovalTokenRefused {

    private final Instant redeemedAt;
    private final String redeemedBy;

    public ApprovalTokenAlreadyRedeemed(String detail, Instant redeemedAt, String redeemedBy) {
        super(TokenCheck.Reason.ALREADY_USED, detail);
        this.redeemedAt = redeemedAt;
        this.redeemedBy = redeemedBy;
    }

    ApprovalTokenAlreadyRedeemed(Instant redeemedAt, String redeemedBy) {
        this(redeemedWords(redeemedAt, redeemedBy), redeemedAt, redeemedBy);
    }

    static String redeemedWords(Instant at, String by) {
        return "already redeemed at " + at + " by " + by + "; one approval starts exactly one execution";
    }

    public Instant redeemedAt() {
        return redeemedAt;
    }

    public String redeemedBy() {
        return redeemedBy;
    }
}
