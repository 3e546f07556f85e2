package io.countersign.intake;

import io.countersign.policy.Classification;
import io.countersign.policy.PolicyProperties;
import io.countersign.policy.RiskPolicy;
import io.countersign.policy.RiskVerdict;
import io.countersign.policy.Tier;
import io.countersign.security.Actor;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;

/**
 * The policy's dry run: what a plan would be told if it were submitted now, by the same code that classifies stored
 * plans ({@link RiskPolicy}) and with the same submitter checks as submit. It writes nothing and starts nothing, so an
 * agent can ask before it plans a change; the answer binds nobody (the stored plan is classified again on submit).
 */
@Service
public class PolicyCheck {

    private final RiskPolicy riskPolicy;
    private final PolicyProperties routing;
    private final ChangeRequests requests;

    PolicyCheck(RiskPolicy riskPolicy, PolicyProperties routing, ChangeRequests requests) {
        this.riskPolicy = riskPolicy;
        this.routing = routing;
        this.requests = requests;
    }

    /**
     * Who must approve, as the workflow routes it.
     *
     * @param requiredApprovals how many distinct people must approve (0: approved automatically or denied)
     * @param approverGroups    the groups whose members may decide
     * @param requireEachGroup  whether every group must be among the approvers (two-person review: one from each)
     * @param commentRequired   whether an approval must carry a comment
     * @param escalationGroup   who is added when the SLA passes undecided; null when nobody is asked
     * @param excluded          the requesting side: the people who may not approve this plan, whatever their groups
     */
    public record Approvers(int requiredApprovals, List<String> approverGroups, boolean requireEachGroup,
                            boolean commentRequired, String escalationGroup, List<String> excluded) {
    }

    /** How the policy read one action: the rule that fired and where its reading departs from the plan's labels. */
    public record ActionCheck(int index, String ruleId, Tier tier, List<String> findings) {
    }

    /**
     * The dry run's answer. Durations are ISO-8601 ({@code PT1H}); {@code PT0S} where a tier has none.
     *
     * @param automatic true when the plan would be approved at once (LOW) and its approval token issued
     * @param denied    true when the plan would be refused at once (DENIED)
     * @param floor     the Java safety floor that raised the tier above the DMN's, or null
     */
    public record Result(Tier tier, String ruleId, String reason, boolean automatic, boolean denied,
                         Approvers approvers, Duration sla, Duration expiry, Duration approvalWindow,
                         Tier dmnTier, String dmnRuleId, String floor, List<ActionCheck> actions) {
    }

    /** Checks the plan as submit would (refusing with the same {@link PlanRejected}), then classifies it. */
    public Result check(ChangePlan plan, Actor actor) {
        requests.checkSubmission(plan, actor);
        RiskVerdict verdict = riskPolicy.classify(RiskFacts.of(plan));
        Classification c = verdict.classification();
        List<String> excluded = Submission.by(actor, "dry-run", plan, null, null, null, null, null)
                .requesterSide().stream().sorted().toList();
        boolean reviewed = c.tier().needsApproval();
        Approvers approvers = new Approvers(reviewed ? c.requiredApprovals() : 0,
                reviewed ? c.approverGroups() : List.of(), reviewed && c.requireEachGroup(),
                reviewed && c.commentRequired(),
                reviewed && !c.slaDuration().isZero() ? routing.escalationGroup() : null, excluded);
        List<ActionCheck> actions = IntStream.range(0, verdict.actions().size())
                .mapToObj(i -> {
                    RiskVerdict.ActionReading a = verdict.actions().get(i);
                    return new ActionCheck(i, a.ruleId(), a.tier(), a.findings());
                }).toList();
        return new Result(c.tier(), c.ruleId(), c.reason(), c.tier() == Tier.LOW, c.tier() == Tier.DENIED, approvers,
                c.slaDuration(), c.expiryDuration(), c.approvalWindow(), verdict.dmnTier(), verdict.dmnRuleId(),
                verdict.floor(), actions);
    }
}
