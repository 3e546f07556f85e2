package io.countersign.ui.shared;

/** Risk tier from the DMN policy; {@link #rank()} orders by urgency, highest first. */
public enum Tier {
    DENIED(0),
    CRITICAL(4),
    HIGH(3),
    MEDIUM(2),
    LOW(1);

    private final int rank;

    Tier(int rank) {
        this.rank = rank;
    }

    /** Higher is more urgent for an approver; {@code DENIED} never waits for one. */
    public int rank() {
        return rank;
    }

    public String cssClass() {
        return "tier-" + name().toLowerCase();
    }
}
