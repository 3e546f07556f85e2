package io.countersign.intake;

/**
 * A request reached a decided status. Published inside the transaction that decided it, so a listener that writes
 * commits or rolls back with the decision itself.
 */
public record RequestDecided(ChangeRequest request) {
}
