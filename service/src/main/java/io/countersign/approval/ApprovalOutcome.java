package io.countersign.approval;

/**
 * Where an approval stands: still waiting, or concluded one way. Decisions conclude it as APPROVED, REJECTED or
 * CHANGES_REQUESTED; the requester's withdrawal and the deadline conclude it as WITHDRAWN or EXPIRED.
 */
public enum ApprovalOutcome {
    PENDING, APPROVED, REJECTED, CHANGES_REQUESTED, WITHDRAWN, EXPIRED;

    /** What a concluding decision makes of the approval. */
    static ApprovalOutcome of(DecisionOutcome decision) {
        return switch (decision) {
            case APPROVE -> APPROVED;
            case REJECT -> REJECTED;
            case REQUEST_CHANGES -> CHANGES_REQUESTED;
        };
    }

    /** How a person reads it after "was". */
    String words() {
        return name().toLowerCase().replace('_', ' ');
    }
}
