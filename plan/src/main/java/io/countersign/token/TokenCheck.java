package io.countersign.token;

import java.util.Map;

/**
 * The answer to "is this approval token good for this plan, now?".
 *
 * @param reason a {@link Reason} name when not valid
 * @param detail what is wrong, in words, with the facts behind it (when and by whom it was redeemed, why revoked)
 * @param claims the token's claims whenever its signature checked out, so an executor can see what it says
 */
public record TokenCheck(boolean valid, String reason, String detail, Map<String, Object> claims) {

    /**
     * Why a token is refused. A token that never fits this plan is unprocessable (422); a token that did fit but whose
     * request moved on (redeemed, revoked, reported) is a conflict with the request's state (409).
     */
    public enum Reason {
        MALFORMED("not a Countersign approval token", false),
        UNKNOWN_KEY("signed by a key that is unknown or retired", false),
        BAD_SIGNATURE("the signature does not verify", false),
        EXPIRED("the approval window has ended", false),
        OTHER_PLAN("issued for another plan hash; run only what was approved", false),
        OTHER_REQUEST("issued for another change request", false),
        UNKNOWN_TOKEN("not issued by this service", false),
        REVOKED("revoked", true),
        ALREADY_USED("already redeemed; one approval starts exactly one execution", true),
        NOT_REDEEMED("not redeemed yet; redeem it before running the plan, then report", true),
        ALREADY_REPORTED("its execution was already reported", true),
        // breakglass (issue 14)
        FROZEN("a change freeze covers the plan now; redeem it after the freeze, or break glass", true);

        private final String detail;
        private final boolean conflict;

        Reason(String detail, boolean conflict) {
            this.detail = detail;
            this.conflict = conflict;
        }

        public String detail() {
            return detail;
        }

        /** True when the token is authentic and fitted the plan, but the request's state refuses it now. */
        public boolean isConflict() {
            return conflict;
        }
    }

    static TokenCheck valid(Map<String, Object> claims) {
        return new TokenCheck(true, null, null, claims);
    }

    static TokenCheck refused(Reason reason, Map<String, Object> claims) {
        return refused(reason, reason.detail(), claims);
    }

    static TokenCheck refused(Reason reason, String detail, Map<String, Object> claims) {
        return new TokenCheck(false, reason.name(), detail, claims);
    }
}
