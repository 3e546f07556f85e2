package io.countersign.stall;

/**
 * The engine's coordinates of a job the service refused for good: what a retry needs to give it back.
 *
 * @param type the job type, i.e. the workflow step
 */
public record StalledJob(Long processInstanceKey, Long jobKey, Long elementInstanceKey, String elementId,
                         String type) {

    public StalledJob {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a stalled job names its step");
        }
    }
}
