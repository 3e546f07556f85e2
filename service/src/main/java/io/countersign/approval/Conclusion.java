package io.countersign.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * How an approval ended, stored once: the outcome, who concluded it (the person whose decision did, the requester
 * who withdrew; null for the deadline) and when.
 */
public record Conclusion(ApprovalOutcome outcome, String by, Instant at) {

    public Conclusion {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        if (outcome == ApprovalOutcome.PENDING) {
            throw new IllegalArgumentException("a pending approval has no conclusion");
        }
    }

    /** "rejected by carol at 2025-12-18T10:15:30Z". */
    public String describe() {
        return outcome.words() + (by == null ? "" : " by " + by) + " at " + at;
    }
}
