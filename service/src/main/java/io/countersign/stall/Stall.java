package io.countersign.stall;

import java.time.Instant;

/**
 * One time a request stopped because the service refused a workflow step for good.
 *
 * @param step the job type (workflow step) that was refused
 * @param jobKey the refused job, which the engine holds at an incident; null when no job is involved
 * @param elementInstanceKey the element instance of the refused job, which a retry terminates; null if unknown
 * @param elementId the BPMN element of the refused job, which a retry activates again; null if unknown
 * @param expiresAt the approval deadline on the engine's clock, once the expiry sweep has set it
 */
public record Stall(String id, String requestId, Long processInstanceKey, Long jobKey, String step, String reason,
                    Instant stalledAt, Long elementInstanceKey, String elementId, Instant expiresAt) {

    /** A retry can give the step back to the engine only if the stall names the element instance it stopped at. */
    public boolean retryable() {
        return processInstanceKey != null && elementInstanceKey != null && elementId != null;
    }
}
