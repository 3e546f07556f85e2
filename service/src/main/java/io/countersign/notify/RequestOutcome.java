package io.countersign.notify;

/**
 * A request reached a decided status, told again in a form the event publication registry can store (ids only):
 * {@code intake.RequestDecided} carries the whole aggregate.
 */
record RequestOutcome(String requestId, String status) {
}
