package io.countersign.ui.request;

import java.time.Instant;
import java.util.Objects;

/**
 * The service would not take the decision (self-approval, second approval by the same person, no longer pending,
 * missing comment...). The message is a sentence for the approver and is shown on the page as is; when the approval
 * was already concluded, {@link #concluded()} says how, by whom and when.
 */
public class DecisionRefused extends RuntimeException {

    /**
     * How the approval was concluded before this decision arrived.
     *
     * @param outcome what was concluded, as a person reads it ("Rejected", "Withdrawn")
     * @param by      who concluded it; null for the deadline
     */
    public record Concluded(String outcome, String by, Instant at) {
        public Concluded {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(at, "at");
        }
    }

    private final Concluded concluded;

    public DecisionRefused(String reason) {
        this(reason, null);
    }

    public DecisionRefused(String reason, Concluded concluded) {
        super(reason);
        this.concluded = concluded;
    }

    /** How the approval was concluded, if that is why the decision was refused; otherwise null. */
    public Concluded concluded() {
        return concluded;
    }
}
