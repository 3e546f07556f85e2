package io.countersign.token;

import java.util.Map;

/**
 * The answer to "is this approval token good for this plan, now?".
 *
 * @param reason a {@link Reason} name when not valid
 * @param claims the token's claims whenever its signature checked out, so an executor can see what it says
 */
public record TokenCheck(boolean valid, String reason, String detail, Map<String, Object> claims) {

    /** Why a token is refused. */
    public enum Reason {
        MALFORMED("not a Countersign approval token"),
        UNKNOWN_KEY("signed by a key that is unknown or retired"),
        BAD_SIGNATURE("the signature does not verify"),
        EXPIRED("the approval window has ended"),
        OTHER_PLAN("issued for another plan hash; run only what was approved"),
        OTHER_REQUEST("issued for another change request"),
        UNKNOWN_TOKEN("not issued by this service"),
        ALREADY_USED("already used to report an execution");

        private final String detail;

        Reason(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    static TokenCheck valid(Map<String, Object> claims) {
        return new TokenCheck(true, null, null, claims);
    }

    static TokenCheck refused(Reason reason, Map<String, Object> claims) {
        return new TokenCheck(false, reason.name(), reason.detail(), claims);
    }
}
