package io.countersign.approval;

/**
 * An approval task opened and waits for its routed groups. Published in the transaction that opened it, so whatever
 * must follow (telling the approvers) is recorded with it by the event publication registry.
 */
public record ApprovalOpened(String requestId, String taskId) {
}
