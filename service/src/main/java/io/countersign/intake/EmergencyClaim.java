package io.countersign.intake;

import java.time.Instant;

/**
 * An emergency asked for on submit: who asked (a person in the break-glass group, checked before the plan was
 * stored), why, for which incident, and what became of it. It is a claim until the plan is classified: the service
 * then breaks glass for it (APPLIED), or says why not (REFUSED), or finds nothing to break (NOT_NEEDED, a LOW plan).
 */
public record EmergencyClaim(String requestId, String invokedBy, String reason, String incidentRef, Instant askedAt,
                             State state, String note) {

    public enum State { ASKED, APPLIED, REFUSED, NOT_NEEDED }

    /** What a person asks for at submit, before the request has an id. */
    public record Asked(String invokedBy, String reason, String incidentRef) {
    }

    public boolean open() {
        return state == State.ASKED;
    }
}
