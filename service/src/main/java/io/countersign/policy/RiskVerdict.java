package io.countersign.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's verdict on a plan, from the stored plan alone.
 *
 * @param classification what the request records: after the safety floors, with the explanation as its reason
 * @param dmnTier        the DMN's tier for the riskiest action, before the floors (what the engine must also say)
 * @param dmnRuleId      the DMN rule that fired for the riskiest action, before the floors
 * @param actions        per action, in plan order: the DMN inputs the service derived and what it found
 * @param floor          the safety floor that raised the tier, or null
 */
public record RiskVerdict(Classification classification, Tier dmnTier, String dmnRuleId, List<ActionReading> actions,
                          String floor) {

    public RiskVerdict {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(dmnTier, "dmnTier");
        Objects.requireNonNull(dmnRuleId, "dmnRuleId");
        actions = List.copyOf(actions);
    }

    /**
     * One action as the service read it.
     *
     * @param dmnInputs the decision's inputs, exactly as the workflow receives them
     * @param findings  where the service's reading departs from the agent's labels (command, inventory, reversible)
     * @param ruleId    the DMN rule that fired for this action, or null when none matched
     */
    public record ActionReading(Map<String, Object> dmnInputs, List<String> findings, Tier tier, String ruleId) {

        public ActionReading {
            dmnInputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dmnInputs));
            findings = List.copyOf(findings);
        }
    }

    /** The DMN inputs for every action, in plan order: the workflow's {@code riskInputs}. */
    public List<Map<String, Object>> dmnInputs() {
        return actions.stream().map(ActionReading::dmnInputs).toList();
    }

    /**
     * Compares the engine's verdict (before floors) with this one. Empty when they agree on the plan's tier and rule
     * and on every action's rule; a missing per-action list ({@code null}) is a disagreement.
     */
    public Optional<String> disagreementWith(String engineTier, String engineRuleId, List<String> engineActionRuleIds) {
        List<String> differences = new ArrayList<>();
        if (!dmnTier.name().equals(engineTier) || !dmnRuleId.equals(engineRuleId)) {
            differences.add("engine said " + engineTier + " by rule " + engineRuleId + ", service says " + dmnTier
                    + " by rule " + dmnRuleId);
        }
        if (engineActionRuleIds == null) {
            differences.add("engine reported no per-action classification");
        } else {
            if (engineActionRuleIds.size() != actions.size()) {
                differences.add("engine classified " + engineActionRuleIds.size() + " actions, the plan has "
                        + actions.size());
            } else {
                for (int i = 0; i < actions.size(); i++) {
                    if (!Objects.equals(engineActionRuleIds.get(i), actions.get(i).ruleId())) {
                        differences.add("action " + (i + 1) + ": engine rule " + engineActionRuleIds.get(i)
                                + ", service rule " + actions.get(i).ruleId());
                    }
                }
            }
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
    }

    /** What an audit entry about this verdict records beyond the classification itself. */
    public Map<String, Object> auditDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dmnTier", dmnTier.name());
        details.put("dmnRuleId", dmnRuleId);
        List<Map<String, Object>> perAction = new ArrayList<>();
        for (ActionReading action : actions) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("inputs", action.dmnInputs());
            entry.put("ruleId", action.ruleId());
            if (!action.findings().isEmpty()) {
                entry.put("findings", action.findings());
            }
            perAction.add(entry);
        }
        details.put("derivedInputs", perAction);
        if (floor != null) {
            details.put("floor", floor);
        }
        return details;
    }
}
