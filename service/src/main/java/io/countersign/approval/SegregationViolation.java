package io.countersign.approval;

/**
 * The collected decisions do not satisfy the two-person rule, yet the workflow asked to approve. Raised by the
 * service's own re-check so that nothing reaches APPROVED on the workflow's word alone.
 */
public class SegregationViolation extends RuntimeException {
    public SegregationViolation(String requestId, String why) {
        super("request " + requestId + " cannot be approved: " + why);
    }
}
