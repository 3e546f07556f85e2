package io.countersign.webhook;

/**
 * A delivery row was written in the deciding transaction; the event publication registry stores this event in the
 * same transaction, and its completion is what says the delivery needs no further attempt.
 */
record WebhookQueued(String deliveryId) {
}
