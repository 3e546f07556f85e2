package io.countersign.engine;

import io.countersign.policy.Classification;
import io.countersign.policy.PolicyProperties;
import io.countersign.policy.Tier;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import java.time.Duration;
import java.util.Map;

/** Reads the DMN's verdict for a plan and resolves its approver roles through the teams directory. */
final class RiskVerdicts {

    private RiskVerdicts() {
    }

    static Classification classify(Map<String, Object> risk, String service, PolicyProperties policy) {
        Tier tier = Tier.valueOf(text(risk, RiskFields.TIER));
        int required = ((Number) risk.get(RiskFields.REQUIRED_APPROVALS)).intValue();
        boolean twoPerson = tier == Tier.CRITICAL
                && policy.twoPersonMode() == PolicyProperties.TwoPersonMode.OWNING_TEAM_AND_SRE;
        return new Classification(tier, text(risk, RiskFields.REASON), text(risk, RiskFields.RULE_ID), required,
                policy.groupsFor(text(risk, RiskFields.APPROVER_ROLES), service), twoPerson,
                Boolean.TRUE.equals(risk.get(RiskFields.COMMENT_REQUIRED)),
                Duration.parse(text(risk, RiskFields.SLA_DURATION)),
                Duration.parse(text(risk, RiskFields.EXPIRY_DURATION)),
                Duration.parse(text(risk, RiskFields.APPROVAL_WINDOW)));
    }

    private static String text(Map<String, Object> risk, String field) {
        Object value = risk.get(field);
        if (value == null) {
            throw new IllegalArgumentException("the policy's verdict has no " + field);
        }
        return value.toString();
    }
}
