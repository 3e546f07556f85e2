package io.countersign.intake;

import io.countersign.policy.PlanFacts;
import io.countersign.policy.PlanFacts.ActionFacts;

/** Maps a stored plan onto the facts the risk policy reads (the policy knows nothing of plans or their storage). */
public final class RiskFacts {

    private RiskFacts() {
    }

    public static PlanFacts of(ChangePlan plan) {
        return new PlanFacts(plan.environment(), plan.service(), plan.actions().stream()
                .map(a -> new ActionFacts(a.operation().name(), a.operation().destructive(), a.resourceType(),
                        a.resource(), a.scope().name(), a.regions().size(), a.reversible(), a.hasRollbackPlan(),
                        a.command()))
                .toList());
    }
}
