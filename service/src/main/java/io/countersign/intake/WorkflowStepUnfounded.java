package io.countersign.intake;

/**
 * The workflow asked for a step that the service's own records do not support (deny a plan the service classified
 * otherwise, close an execution nobody reported): its variables or messages are claims, and this one is false.
 */
public class WorkflowStepUnfounded extends RuntimeException {

    public WorkflowStepUnfounded(String requestId, String why) {
        super("request " + requestId + ": " + why);
    }
}
