package io.countersign.intake;

/** The Idempotency-Key was already used by this caller for a different plan. */
public class IdempotencyConflict extends RuntimeException {
    public IdempotencyConflict(String key, String existingId) {
        super("Idempotency-Key '" + key + "' was already used for a different plan (request " + existingId + ")");
    }

    /** The key was used through another token of the same agent id: say so without naming that token's request. */
    public IdempotencyConflict(String key) {
        super("Idempotency-Key '" + key + "' was already used by another token of this agent id; use a new key");
    }
}
