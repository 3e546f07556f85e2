package io.countersign.intake;

/**
 * The workflow asked for a step the service's own records do not support (an approval the stored conclusion does not
 * make, a denial of a plan the service classified otherwise, an execution nobody reported): two checks disagree. The
 * step stops at an incident with an audit entry; it is never taken on the workflow's word.
 */
public class WorkflowDisagreement extends RuntimeException {
    public WorkflowDisagreement(String requestId, String why) {
        super("request " + requestId + ": " + why);
    }
}
