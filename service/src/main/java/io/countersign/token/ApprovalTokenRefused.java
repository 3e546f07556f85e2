package io.countersign.token;

/** An execution report presented an approval token that is not good for this request and plan. */
public class ApprovalTokenRefused extends RuntimeException {

    private final TokenCheck.Reason reason;

    public ApprovalTokenRefused(TokenCheck.Reason reason) {
        super(reason.detail());
        this.reason = reason;
    }

    public TokenCheck.Reason reason() {
        return reason;
    }
}
