package io.countersign.approval;

/** What an approver decides. Anything but APPROVE ends the request. */
public enum DecisionOutcome {
    APPROVE, REJECT, REQUEST_CHANGES
}
