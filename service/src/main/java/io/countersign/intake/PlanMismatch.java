package io.countersign.intake;

/** The plan stored for a request no longer hashes to what was submitted: something changed what would run. */
public class PlanMismatch extends RuntimeException {
    public PlanMismatch(String requestId) {
        super("the stored plan of request " + requestId + " does not match its plan hash");
    }
}
