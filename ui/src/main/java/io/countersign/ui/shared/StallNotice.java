package io.countersign.ui.shared;

import java.time.Instant;
import java.util.Objects;

/**
 * A request the workflow can no longer move: which step was refused, why, since when. Shown as a banner until an
 * admin retries or closes it, or the request ends another way.
 *
 * @param step the workflow step (job type) that was refused
 */
public record StallNotice(String requestId, String step, String reason, Instant since) {

    public StallNotice {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}
