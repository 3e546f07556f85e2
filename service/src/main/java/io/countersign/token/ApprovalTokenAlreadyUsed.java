package io.countersign.token;

/** The approval token already closed an execution; one approval closes exactly one. */
public class ApprovalTokenAlreadyUsed extends ApprovalTokenRefused {
    public ApprovalTokenAlreadyUsed() {
        super(TokenCheck.Reason.ALREADY_USED);
    }
}
