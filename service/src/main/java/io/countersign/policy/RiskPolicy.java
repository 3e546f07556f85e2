package io.countersign.policy;

import io.countersign.policy.PlanFacts.ActionFacts;
import io.countersign.policy.PolicyDecision.ActionRisk;
import io.countersign.policy.RiskVerdict.ActionReading;
import io.countersign.workflows.ChangeRequestProcess;
import io.countersign.workflows.ChangeRequestProcess.RiskInputFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place a plan's tier is decided, from the stored plan: the service derives each action's DMN inputs itself
 * (reading the command, consulting the inventory), evaluates the workflow's own decision in-process, selects the
 * riskiest action as the workflow does, and applies the Java safety floors. The workflow's evaluation of the same
 * decision is only an assertion checked against this one.
 */
@Component
public class RiskPolicy {

    /** The rule id a classification carries when a safety floor, not the DMN, set its tier. */
    public static final String FLOOR_RULE_ID = "floor-critical-production";

    private static final int MAX_REASON = 1000;
    private static final String UNCLASSIFIED_REASON = "The plan has no actions, or an action matched no policy rule";

    private final PolicyProperties routing;
    private final RiskEvidenceProperties evidence;
    private final CommandReading commands;
    private final Inventory inventory;
    private final PolicyDecision decision;

    @Autowired
    RiskPolicy(PolicyProperties routing, RiskEvidenceProperties evidence) {
        this(routing, evidence, deployedModel());
    }

    RiskPolicy(PolicyProperties routing, RiskEvidenceProperties evidence, byte[] dmn) {
        this.routing = routing;
        this.evidence = evidence;
        this.commands = new CommandReading(evidence.destructiveCommands());
        this.inventory = new Inventory(evidence.inventory());
        this.decision = new PolicyDecision(dmn);
    }

    /** The environments the policy knows, least to most severe; any other is denied. What the submit page offers. */
    public List<String> knownEnvironments() {
        return Environments.BY_SEVERITY;
    }

    /** The decision's inputs for every action, in plan order: what the workflow is started with. */
    public List<Map<String, Object>> dmnInputs(PlanFacts plan) {
        return plan.actions().stream().map(a -> read(plan, a).inputs()).toList();
    }

    /**
     * The change freeze that covers any of the plan's actions (by their effective environment), the one ending last:
     * what holds back an approval token of this plan while it lasts.
     */
    public Optional<FreezeCalendar.Freeze> freezeOver(PlanFacts plan) {
        return plan.actions().stream().flatMap(a -> read(plan, a).freeze().stream())
                .max(java.util.Comparator.comparing(FreezeCalendar.Freeze::until));
    }

    public RiskVerdict classify(PlanFacts plan) {
        List<ActionReading> readings = new ArrayList<>();
        List<Reading> read = new ArrayList<>();
        ActionRisk riskiest = null;
        int riskiestIndex = -1;
        boolean unclassified = plan.actions().isEmpty();
        for (ActionFacts action : plan.actions()) {
            Reading reading = read(plan, action);
            ActionRisk risk = decision.evaluate(reading.inputs());
            read.add(reading);
            readings.add(new ActionReading(reading.inputs(), reading.findings(),
                    risk == null ? null : risk.tier(), risk == null ? null : risk.ruleId()));
            if (risk == null) {
                unclassified = true;
            } else if (riskiest == null || risk.rank() > riskiest.rank()) {
                riskiest = risk;
                riskiestIndex = read.size() - 1;
            }
        }
        if (unclassified) {
            return new RiskVerdict(new Classification(Tier.DENIED, UNCLASSIFIED_REASON,
                    ChangeRequestProcess.UNCLASSIFIED_PLAN_RULE_ID, 0, List.of(), false, false, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO), Tier.DENIED, ChangeRequestProcess.UNCLASSIFIED_PLAN_RULE_ID,
                    readings, null);
        }
        Optional<RiskVerdict> floored = floor(plan, read, readings, riskiest);
        if (floored.isPresent()) {
            return floored.get();
        }
        String reason = riskiest.ruleId().startsWith(ChangeRequestProcess.CHANGE_FREEZE_RULE_PREFIX)
                ? frozen(read.get(riskiestIndex), riskiest.reason())
                : explain(riskiest.reason(), plan.actions(), read, riskiestIndex);
        return new RiskVerdict(classification(riskiest, reason, plan.service()), riskiest.tier(), riskiest.ruleId(),
                readings, null);
    }

    /** A destructive, PERMISSION_CHANGE or GLOBAL action in production is never below CRITICAL. */
    private Optional<RiskVerdict> floor(PlanFacts plan, List<Reading> read, List<ActionReading> readings,
                                        ActionRisk riskiest) {
        RiskEvidenceProperties.Floors floors = evidence.floors();
        if (!floors.enabled() || riskiest.tier().rank() >= Tier.CRITICAL.rank()) {
            return Optional.empty();
        }
        for (int i = 0; i < read.size(); i++) {
            Reading reading = read.get(i);
            ActionFacts action = plan.actions().get(i);
            if (!Environments.PRODUCTION.equals(reading.environment())) {
                continue;
            }
            String what = reading.destructive() ? "a destructive action"
                    : "PERMISSION_CHANGE".equals(action.operation()) ? "a permission change"
                    : "GLOBAL".equals(action.scope()) ? "a GLOBAL-scope change" : null;
            if (what == null) {
                continue;
            }
            String floor = "Safety floor: " + what + " in production is never below CRITICAL (the policy said "
                    + riskiest.tier() + " by rule " + riskiest.ruleId() + ")";
            String reason = explain(floor, plan.actions(), read, i);
            Classification raised = new Classification(Tier.CRITICAL, reason, FLOOR_RULE_ID, 2,
                    routing.groupsFor("OWNING_TEAM_AND_SRE", plan.service()), twoPerson(Tier.CRITICAL), true,
                    floors.slaDuration(), floors.expiryDuration(), floors.approvalWindow());
            return Optional.of(new RiskVerdict(raised, riskiest.tier(), riskiest.ruleId(), readings, floor));
        }
        return Optional.empty();
    }

    private Classification classification(ActionRisk risk, String reason, String service) {
        return new Classification(risk.tier(), reason, risk.ruleId(), risk.requiredApprovals(),
                routing.groupsFor(risk.approverRoles(), service), twoPerson(risk.tier()), risk.commentRequired(),
                risk.slaDuration(), risk.expiryDuration(), risk.approvalWindow());
    }

    private boolean twoPerson(Tier tier) {
        return tier == Tier.CRITICAL && routing.twoPersonMode() == PolicyProperties.TwoPersonMode.OWNING_TEAM_AND_SRE;
    }

    /** What the service derived for one action, and where that departs from what the agent declared. */
    private record Reading(Map<String, Object> inputs, List<String> findings, boolean destructive,
                           String environment, Optional<FreezeCalendar.Freeze> freeze) {
    }

    /** "change freeze NAME until TIME": what a refused requester needs to know first, then the rule's words. */
    private static String frozen(Reading reading, String ruleReason) {
        return reading.freeze().map(f -> "change freeze " + f.name() + " until " + f.until() + " (" + ruleReason
                + ")").orElse(ruleReason);
    }

    private Reading read(PlanFacts plan, ActionFacts action) {
        List<String> findings = new ArrayList<>();
        Optional<CommandReading.Destructive> command = commands.read(action.command());
        boolean destructive = action.operationDestructive() || command.isPresent();
        if (command.isPresent() && !action.operationDestructive()) {
            findings.add("declared " + action.operation() + ", command " + command.get().does() + " (\""
                    + command.get().matched().strip() + "\")");
        }
        String environment = plan.environment();
        Optional<Inventory.Placement> placed = inventory.place(action.resourceType(), action.resource());
        if (placed.isPresent() && Environments.moreSevere(placed.get().environment(), environment)) {
            findings.add("declared " + environment + ", inventory places " + action.resource() + " in "
                    + placed.get().environment() + " (rule " + placed.get().rule().describe() + ")");
            environment = placed.get().environment();
        }
        boolean reversible = Boolean.TRUE.equals(action.reversible()) && !destructive;
        if (Boolean.TRUE.equals(action.reversible()) && destructive) {
            findings.add("declared reversible, but a destructive action is never reversible for tiering");
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put(RiskInputFields.ENVIRONMENT, environment);
        inputs.put(RiskInputFields.OPERATION, action.operation());
        inputs.put(RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, command.isPresent());
        inputs.put(RiskInputFields.SCOPE, action.scope());
        inputs.put(RiskInputFields.REGION_COUNT, action.regionCount());
        inputs.put(RiskInputFields.REVERSIBLE, reversible);
        inputs.put(RiskInputFields.HAS_ROLLBACK_PLAN, action.hasRollbackPlan());
        Optional<FreezeCalendar.Freeze> freeze = plan.freezes().covering(environment, plan.service(),
                action.regions());
        inputs.put(RiskInputFields.ACTIVE_FREEZE, freeze.isPresent());
        return new Reading(inputs, findings, destructive, environment, freeze);
    }

    /** The rule's reason, followed by what the service found in the action that decided the tier. */
    private static String explain(String reason, List<ActionFacts> actions, List<Reading> read, int index) {
        List<String> findings = read.get(index).findings();
        String text = reason;
        if (!findings.isEmpty()) {
            ActionFacts action = actions.get(index);
            text = reason + " — action " + (index + 1) + " (" + action.resourceType() + " " + action.resource()
                    + "): " + String.join("; ", findings);
        }
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }

    private static byte[] deployedModel() {
        try (InputStream dmn = RiskPolicy.class.getClassLoader()
                .getResourceAsStream(ChangeRequestProcess.DMN_RESOURCE)) {
            if (dmn == null) {
                throw new IllegalStateException("the risk policy " + ChangeRequestProcess.DMN_RESOURCE
                        + " is not on the classpath");
            }
            return dmn.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
