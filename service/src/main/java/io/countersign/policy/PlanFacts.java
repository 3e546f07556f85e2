package io.countersign.policy;

import java.util.List;
import java.util.Objects;

/**
 * What the risk policy needs to know about a plan, as stored and hash-verified: the declared environment, the owning
 * service and each action. Neutral on purpose: the policy does not know how a plan is submitted or stored, so the
 * owner of the plan maps it onto these facts (and the module graph stays one way: intake uses policy).
 */
public record PlanFacts(String environment, String service, List<ActionFacts> actions, FreezeCalendar freezes) {

    public PlanFacts {
        Objects.requireNonNull(service, "service");
        actions = List.copyOf(actions);
        freezes = freezes == null ? FreezeCalendar.NONE : freezes;
    }

    /** A plan no freeze window applies to. */
    public PlanFacts(String environment, String service, List<ActionFacts> actions) {
        this(environment, service, actions, FreezeCalendar.NONE);
    }

    /**
     * One action as the agent declared it, plus the command it will run, which the policy reads for itself.
     *
     * @param operation            the declared operation, e.g. {@code UPDATE}
     * @param operationDestructive whether the declared operation is a destructive one ({@code DELETE}, {@code DROP}...)
     * @param regionCount          how many regions the action names
     * @param reversible           what the agent declared; never trusted for a destructive action
     */
    public record ActionFacts(
            String operation,
            boolean operationDestructive,
            String resourceType,
            String resource,
            String scope,
            int regionCount,
            Boolean reversible,
            boolean hasRollbackPlan,
            String command,
            List<String> regions) {

        public ActionFacts {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(scope, "scope");
            resourceType = resourceType == null ? "" : resourceType;
            resource = resource == null ? "" : resource;
            command = command == null ? "" : command;
            regions = regions == null ? List.of() : List.copyOf(regions);
            if (regionCount < 0) {
                throw new IllegalArgumentException("regionCount must not be negative, was " + regionCount);
            }
        }

        /** An action whose region names are not known (only how many there are). */
        public ActionFacts(String operation, boolean operationDestructive, String resourceType, String resource,
                           String scope, int regionCount, Boolean reversible, boolean hasRollbackPlan,
                           String command) {
            this(operation, operationDestructive, resourceType, resource, scope, regionCount, reversible,
                    hasRollbackPlan, command, List.of());
        }
    }
}
