package io.countersign.intake;

/** The Idempotency-Key was already used by this caller for a different plan. */
public class IdempotencyConflict extends RuntimeException {
    public IdempotencyConflict(String key, String existingId) {
        super("Idempotency-Key '" + key + "' was already used for a different plan (request " + existingId + ")");
    }
}
