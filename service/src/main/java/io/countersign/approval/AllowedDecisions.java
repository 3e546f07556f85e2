package io.countersign.approval;

import java.util.Set;

/**
 * What one person may decide on a request right now, and which of those decisions need a comment. Empty when they
 * may not decide at all: agents, the requesting side, people outside the routed groups, someone who already
 * decided, and requests no longer pending.
 */
public record AllowedDecisions(Set<DecisionOutcome> outcomes, Set<DecisionOutcome> commentRequired) {

    public static final AllowedDecisions NONE = new AllowedDecisions(Set.of(), Set.of());

    public AllowedDecisions {
        outcomes = Set.copyOf(outcomes);
        commentRequired = Set.copyOf(commentRequired);
        if (!outcomes.containsAll(commentRequired)) {
            throw new IllegalArgumentException("a comment can only be required for an allowed decision");
        }
    }

    public boolean allows(DecisionOutcome outcome) {
        return outcomes.contains(outcome);
    }

    public boolean isEmpty() {
        return outcomes.isEmpty();
    }
}
