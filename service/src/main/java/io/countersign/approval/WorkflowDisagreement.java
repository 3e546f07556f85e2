package io.countersign.approval;

/**
 * The workflow asked for a step the service's stored conclusion does not support: two checks disagree. The step
 * stops at an incident with an audit entry; it is never taken on the workflow's word.
 */
public class WorkflowDisagreement extends RuntimeException {
    public WorkflowDisagreement(String requestId, String why) {
        super("request " + requestId + ": " + why);
    }
}
