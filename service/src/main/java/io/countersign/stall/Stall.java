package io.countersign.stall;

import java.time.Instant;

/**
 * One time a request stopped because the service refused a workflow step for good.
 *
 * @param step the job type (workflow step) that was refused
 * @param jobKey the refused job, which the engine holds at an incident; null when no job is involved
 */
public record Stall(String id, String requestId, Long processInstanceKey, Long jobKey, String step, String reason,
                    Instant stalledAt) {
}
