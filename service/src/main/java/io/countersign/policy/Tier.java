package io.countersign.policy;

/** Risk tiers, from the DMN policy. Higher rank, more scrutiny. */
public enum Tier {
    LOW(1), MEDIUM(2), HIGH(3), CRITICAL(4), DENIED(5);

    private final int rank;

    Tier(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean needsApproval() {
        return this == MEDIUM || this == HIGH || this == CRITICAL;
    }
}
