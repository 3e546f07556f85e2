package io.countersign.stall;

/** A request was recorded as stalled (its first open stall); published in the transaction that recorded it. */
public record RequestStalled(String requestId, String step, String reason) {
}
