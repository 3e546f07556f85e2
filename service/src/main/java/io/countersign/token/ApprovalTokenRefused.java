package io.countersign.token;

/**
 * An approval token presented to redeem it or to report an execution is not good for this request and plan now.
 * {@link TokenCheck.Reason#isConflict()} tells a token that never fitted (422) from one whose request moved on (409).
 */
public class ApprovalTokenRefused extends RuntimeException {

    private final TokenCheck.Reason reason;

    public ApprovalTokenRefused(TokenCheck.Reason reason) {
        this(reason, reason.detail());
    }

    public ApprovalTokenRefused(TokenCheck.Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public TokenCheck.Reason reason() {
        return reason;
    }
}
