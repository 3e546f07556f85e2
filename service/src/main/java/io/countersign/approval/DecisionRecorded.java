package io.countersign.approval;

/**
 * A person's decision was accepted; published in the transaction that recorded it.
 *
 * @param concluded whether it concluded the approval (then the request's own status change follows)
 */
public record DecisionRecorded(String requestId, String taskId, String decisionId, String approver,
                               DecisionOutcome outcome, boolean concluded) {
}
