package io.countersign.intake;

import io.countersign.policy.FreezeCalendar;
import io.countersign.policy.PlanFacts;
import io.countersign.policy.PlanFacts.ActionFacts;

/** Maps a stored plan onto the facts the risk policy reads (the policy knows nothing of plans or their storage). */
public final class RiskFacts {

    private RiskFacts() {
    }

    /** The plan's facts with no freeze window applying; {@link PolicyFacts} gives them as of the submission. */
    public static PlanFacts of(ChangePlan plan) {
        return of(plan, FreezeCalendar.NONE);
    }

    static PlanFacts of(ChangePlan plan, FreezeCalendar freezes) {
        return new PlanFacts(plan.environment(), plan.service(), plan.actions().stream()
                .map(a -> new ActionFacts(a.operation().name(), a.operation().destructive(), a.resourceType(),
                        a.resource(), a.scope().name(), a.regions().size(), a.reversible(), a.hasRollbackPlan(),
                        a.command(), a.regions()))
                .toList(), freezes);
    }
}
