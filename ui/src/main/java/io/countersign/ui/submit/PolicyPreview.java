package io.countersign.ui.submit;

import io.countersign.ui.shared.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The policy's answer to a plan before it is submitted: nothing is stored, no request is created. */
public sealed interface PolicyPreview {

    /**
     * @param approvals      who must approve, one line per group ("1 from sre"); empty for {@code LOW} and {@code DENIED}
     * @param requirement    the whole requirement in one sentence ("2 people: 1 from cost-explorer-approvers, 1 from sre")
     * @param sla            when a pending approval escalates; {@code null} if the tier needs no approval
     * @param expiry         when a pending approval expires; {@code null} if the tier needs no approval
     * @param approvalWindow how long an approval may wait to be executed; {@code null} if the plan would be denied
     * @param warnings       e.g. a routed group nobody can approve for
     */
    record Checked(Tier tier, String ruleId, String reason, String requirement, List<String> approvals,
                   Duration sla, Duration expiry, Duration approvalWindow, List<String> warnings)
            implements PolicyPreview {

        public Checked {
            Objects.requireNonNull(tier, "tier");
            approvals = List.copyOf(approvals);
            warnings = List.copyOf(warnings);
        }
    }

    /** The plan is not complete enough for the policy to read; the same problems a submit would report. */
    record Incomplete(List<FieldProblem> problems) implements PolicyPreview {

        public Incomplete {
            problems = List.copyOf(problems);
        }
    }
}
