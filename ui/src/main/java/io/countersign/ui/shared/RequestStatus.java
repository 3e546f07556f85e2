package io.countersign.ui.shared;

/** Where a change request is in its lifecycle (see PRODUCT.md, "Request lifecycle"). */
public enum RequestStatus {
    SUBMITTED("Submitted", Kind.OPEN),
    CLASSIFIED("Classified", Kind.OPEN),
    PENDING_APPROVAL("Pending approval", Kind.OPEN),
    APPROVED("Approved", Kind.GOOD),
    EXECUTED_SUCCEEDED("Executed", Kind.GOOD),
    EXECUTED_FAILED("Execution failed", Kind.BAD),
    EXECUTED_ROLLED_BACK("Rolled back", Kind.BAD),
    DENIED("Denied", Kind.BAD),
    REJECTED("Rejected", Kind.BAD),
    CHANGES_REQUESTED("Changes requested", Kind.ENDED),
    EXPIRED("Expired", Kind.ENDED),
    WITHDRAWN("Withdrawn", Kind.ENDED),
    APPROVAL_LAPSED("Approval lapsed", Kind.ENDED);

    /** Only drives the badge colour. */
    public enum Kind { OPEN, GOOD, BAD, ENDED }

    private final String label;
    private final Kind kind;

    RequestStatus(String label, Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    public String label() {
        return label;
    }

    public boolean isOpen() {
        return kind == Kind.OPEN;
    }

    public String cssClass() {
        return "status-" + kind.name().toLowerCase();
    }
}
