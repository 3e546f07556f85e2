package io.countersign.ui.shared;

/** What an approver can decide on a pending plan. */
public enum Decision {
    APPROVE("Approve"),
    REJECT("Reject"),
    REQUEST_CHANGES("Request changes");

    private final String label;

    Decision(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
