package io.countersign.freeze;

import java.time.Instant;

/** One occurrence of a window that covers an instant: which window, and from when until when. */
public record ActiveFreeze(String windowId, String name, String reason, Instant from, Instant until) {
}
