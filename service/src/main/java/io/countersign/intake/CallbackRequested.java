package io.countersign.intake;

import io.countersign.security.Actor;

/**
 * A new request asked for its decision to be posted to {@code url}. Published inside the submit transaction; a
 * listener that refuses the callback throws {@link PlanRejected}, and nothing of the submission is stored.
 */
public record CallbackRequested(String requestId, String url, Actor submitter) {
}
