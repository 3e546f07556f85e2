package io.countersign.approval;

import io.countersign.policy.Tier;
import io.countersign.security.Actor;
import io.countersign.security.PersonName;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The service's half of the two-person rule: who may decide on an approval at all. The workflow re-checks the
 * collected decisions independently before a plan is approved.
 */
final class SegregationOfDuties {

    private SegregationOfDuties() {
    }

    static void check(Actor decider, ApprovalContext context, List<Decision> prior, DecisionOutcome outcome,
                      String comment) {
        checkDecider(decider, context, prior);
        boolean blank = comment == null || comment.isBlank();
        if (blank && needsComment(outcome, context)) {
            throw new DecisionRefused.CommentRequired(outcome == DecisionOutcome.APPROVE
                    ? context.tier() + " plans need the approver's reasoning"
                    : "say why you " + describe(outcome));
        }
    }

    /**
     * Who may decide at all, whatever they decide: a person, not on the requesting side, routed to the approval,
     * deciding for the first time. Shared by {@link #check} and the read-only query the web pages ask.
     */
    static void checkDecider(Actor decider, ApprovalContext context, List<Decision> prior) {
        if (decider.isAgent()) {
            throw new DecisionRefused.AgentCannotDecide(decider.name());
        }
        if (context.requesterSide().contains(decider.name())) {
            throw new DecisionRefused.SelfApprovalRefused(decider.name());
        }
        if (!isMember(decider.groups(), context.groups())) {
            throw new DecisionRefused.NotAnApprover(decider.name(), context.groups());
        }
        if (prior.stream().anyMatch(d -> PersonName.canonicalOrAsIs(d.approver()).equals(decider.name()))) {
            throw new DecisionRefused.AlreadyDecided(decider.name());
        }
    }

    /** Policy: a reason in writing for anything but a plain approval of a plan that does not ask for one. */
    static boolean needsComment(DecisionOutcome outcome, ApprovalContext context) {
        return outcome != DecisionOutcome.APPROVE || context.commentRequired();
    }

    /** Re-checks a recorded decision: a person, not on the requesting side, routed to this approval. */
    static boolean isValidDecider(Decision decision, ApprovalContext context) {
        String who = PersonName.canonicalOrAsIs(decision.approver());
        return !Actor.AGENT.equals(decision.approverKind())
                && !context.requesterSide().contains(who)
                && isMember(decision.approverGroups(), context.groups());
    }

    /** The decider's groups that this approval is routed to. */
    static Set<String> relevantGroups(Actor decider, ApprovalContext context) {
        Set<String> relevant = new HashSet<>(decider.groups());
        relevant.retainAll(context.groups());
        return relevant;
    }

    private static boolean isMember(Collection<String> deciderGroups, Collection<String> routed) {
        return deciderGroups.stream().anyMatch(routed::contains);
    }

    private static String describe(DecisionOutcome outcome) {
        return outcome == DecisionOutcome.REJECT ? "reject it" : "request changes";
    }

    /**
     * What the rule needs to know about the approval being decided.
     *
     * @param requesterSide the canonical names of the people on the requesting side ({@code Submission#requesterSide})
     */
    record ApprovalContext(Set<String> requesterSide, Tier tier,
                           boolean commentRequired, Set<String> groups) {
    }
}
