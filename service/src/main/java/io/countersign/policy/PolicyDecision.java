package io.countersign.policy;

import io.camunda.zeebe.dmn.DecisionEngine;
import io.camunda.zeebe.dmn.DecisionEngineFactory;
import io.camunda.zeebe.dmn.DecisionEvaluationResult;
import io.camunda.zeebe.dmn.ParsedDecisionRequirementsGraph;
import io.camunda.zeebe.dmn.impl.VariablesContext;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.countersign.workflows.ChangeRequestProcess;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The risk decision evaluated in-process by the DMN engine Zeebe embeds, on the same model the workflow deploys, so
 * the service can compare its own answer with the engine's. Zeebe's engine wrapper is built for a single-threaded
 * stream processor (it reuses one output buffer), so each evaluation borrows a parsed engine from a pool that grows
 * to the number of concurrent callers; parsing costs a few hundred milliseconds, evaluating well under one.
 */
final class PolicyDecision {

    /** The DMN's answer for one action: its tier and how it must be approved, and the rule that fired. */
    record ActionRisk(Tier tier, int rank, String approverRoles, int requiredApprovals, boolean commentRequired,
                      Duration slaDuration, Duration expiryDuration, Duration approvalWindow, String reason,
                      String ruleId) {
    }

    private final byte[] dmn;
    private final Queue<Parsed> idle = new ConcurrentLinkedQueue<>();

    private record Parsed(DecisionEngine engine, ParsedDecisionRequirementsGraph graph) {
    }

    PolicyDecision(byte[] dmn) {
        Parsed first = parse(dmn);
        if (!first.graph().isValid()) {
            throw new IllegalStateException("the risk policy " + ChangeRequestProcess.DMN_RESOURCE
                    + " does not parse: " + first.graph().getFailureMessage());
        }
        this.dmn = dmn.clone();
        idle.add(first);
    }

    /** The first matching rule's outputs, or null when no rule matches (the workflow then denies the plan). */
    ActionRisk evaluate(Map<String, Object> inputs) {
        Parsed p = idle.poll();
        if (p == null) {
            p = parse(dmn);
        }
        DecisionEvaluationResult result;
        Object output;
        try {
            result = p.engine().evaluateDecisionById(p.graph(), ChangeRequestProcess.DECISION_ID,
                    new VariablesContext(inputs));
            output = result.isFailure() ? null : MsgPackConverter.convertToObject(result.getOutput(), Object.class);
        } finally {
            idle.add(p);
        }
        if (result.isFailure()) {
            throw new IllegalStateException("the risk policy failed to evaluate: " + result.getFailureMessage());
        }
        if (!(output instanceof Map<?, ?> risk)) {
            return null;
        }
        return new ActionRisk(Tier.valueOf(text(risk, RiskFields.TIER)), number(risk, RiskFields.RANK),
                text(risk, RiskFields.APPROVER_ROLES), number(risk, RiskFields.REQUIRED_APPROVALS),
                Boolean.TRUE.equals(risk.get(RiskFields.COMMENT_REQUIRED)),
                Duration.parse(text(risk, RiskFields.SLA_DURATION)),
                Duration.parse(text(risk, RiskFields.EXPIRY_DURATION)),
                Duration.parse(text(risk, RiskFields.APPROVAL_WINDOW)),
                text(risk, RiskFields.REASON), text(risk, RiskFields.RULE_ID));
    }

    private static Parsed parse(byte[] dmn) {
        DecisionEngine engine = DecisionEngineFactory.createDecisionEngine();
        return new Parsed(engine, engine.parse(new ByteArrayInputStream(dmn)));
    }

    private static String text(Map<?, ?> risk, String field) {
        Object value = risk.get(field);
        if (value == null) {
            throw new IllegalStateException("the risk policy's verdict has no " + field);
        }
        return value.toString();
    }

    private static int number(Map<?, ?> risk, String field) {
        if (!(risk.get(field) instanceof Number n)) {
            throw new IllegalStateException("the risk policy's verdict has no number " + field);
        }
        return n.intValue();
    }
}
