package io.countersign.approval;

import io.countersign.intake.WorkflowDisagreement;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.RequestStatus;
import io.countersign.policy.Classification;
import io.countersign.policy.Tier;
import io.countersign.security.Actor;
import io.countersign.security.PersonName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The one judge of an approval: who may decide, what each tier needs, and when the approval is concluded. Every path
 * that records a decision (API, web form, chat) asks this, under the request's row lock; the workflow's FEEL review
 * is only an assertion checked against its verdict.
 *
 * <p>Rules: nobody on the requesting side decides; an agent never decides; one decision per person; a decider must
 * be in a group the approval is routed to (escalation groups included); an approval concludes APPROVED when enough
 * distinct people approved and, in two-person review, every routed group is represented; a valid reject or request
 * for changes concludes at once. The decision that concludes it is the last one accepted.
 */
final class Approval {

    private final String requestId;
    private final String taskId;
    private final Tier tier;
    private final int requiredApprovals;
    private final List<String> routedGroups;
    private final Set<String> deciderGroups;
    private final boolean requireEachGroup;
    private final boolean commentRequired;
    private final Set<String> requesterSide;
    private final String agentId;
    private final RequestStatus requestStatus;
    private final boolean taskOpen;
    private final Instant expiresAt;
    private final Conclusion conclusion;
    private final List<Decision> decisions;

    Approval(String requestId, Classification policy, ApprovalTask task, Set<String> requesterSide,
                     String agentId, RequestStatus requestStatus, List<Decision> decisions) {
        this.requestId = requestId;
        this.taskId = task.id();
        this.tier = policy.tier();
        this.requiredApprovals = requiredApprovals(policy);
        this.routedGroups = task.approverGroups();
        this.deciderGroups = task.deciderGroups();
        this.requireEachGroup = policy.requireEachGroup();
        this.commentRequired = approvalNeedsComment(policy);
        this.requesterSide = Set.copyOf(requesterSide);
        this.agentId = agentId;
        this.requestStatus = requestStatus;
        this.taskOpen = task.open();
        this.expiresAt = task.expiresAt();
        this.conclusion = task.conclusion();
        this.decisions = new ArrayList<>(decisions);
    }

    /** The approval of a request as stored: its classification, its task, and the decisions recorded so far. */
    static Approval of(ChangeRequest request, ApprovalTask task, List<Decision> decisions) {
        var s = request.submission();
        return new Approval(request.id(), request.classification(), task, s.requesterSide(), s.agentId(),
                request.status(),
                decisions);
    }

    /** A plain approval needs a comment unless the plan is MEDIUM and its policy asks for none. */
    static boolean approvalNeedsComment(Classification policy) {
        return policy.commentRequired() || policy.tier() != Tier.MEDIUM;
    }

    /** Approvals by distinct people a classification needs: none for a tier that needs no approval. */
    static int requiredApprovals(Classification c) {
        return c == null || !c.tier().needsApproval() ? 0 : Math.max(c.requiredApprovals(), 1);
    }

    /**
     * The one place that says who is on the requesting side of a plan: anyone in the set (the requester, the
     * submitter, whoever else the submission names) and the proposing agent. None of them may decide on it.
     */
    static boolean isRequesterSide(String who, Set<String> requesterSide, String agentId) {
        String person = PersonName.canonicalOrAsIs(who);
        return requesterSide.contains(person) || who.equals(agentId) || person.equals(agentId);
    }

    /**
     * Takes one person's decision, or refuses it with the fact that forbids it. Nothing is stored here; the caller
     * records the decision and, if the verdict is concluded, the conclusion.
     */
    Decided decide(Actor by, DecisionOutcome outcome, String comment, Instant now) {
        Objects.requireNonNull(outcome, "outcome");
        refuseUnlessMayDecide(by, now);
        if (blank(comment) && needsComment(outcome)) {
            throw new DecisionRefused.CommentRequired(outcome == DecisionOutcome.APPROVE
                    ? tier + " plans need the approver's reasoning"
                    : "say why you " + (outcome == DecisionOutcome.REJECT ? "reject it" : "request changes"));
        }
        if (outcome == DecisionOutcome.APPROVE) {
            refuseApprovalThatCannotCount(by);
        }
        Decision decision = new Decision(UUID.randomUUID().toString(), taskId, requestId, by.name(), by.kind(),
                List.copyOf(relevantGroups(by.groups())), outcome, blank(comment) ? null : comment.strip(),
                by.remoteAddress(), now);
        decisions.add(decision);
        return new Decided(decision, verdict());
    }

    /** What the actor may decide now, by the same checks {@link #decide} runs. */
    AllowedDecisions allowedFor(Actor by, Instant now) {
        try {
            refuseUnlessMayDecide(by, now);
        } catch (DecisionRefused refused) {
            return AllowedDecisions.NONE;
        }
        Set<DecisionOutcome> outcomes = EnumSet.allOf(DecisionOutcome.class);
        try {
            refuseApprovalThatCannotCount(by);
        } catch (DecisionRefused.GroupAlreadyCovered covered) {
            outcomes.remove(DecisionOutcome.APPROVE);
        }
        Set<DecisionOutcome> needing = EnumSet.noneOf(DecisionOutcome.class);
        outcomes.stream().filter(this::needsComment).forEach(needing::add);
        return new AllowedDecisions(outcomes, needing);
    }

    /**
     * The verdict over the recorded decisions, re-checking each one: walking them in order, a valid reject or request
     * for changes concludes, and approvals conclude once enough distinct people (and every routed group, in
     * two-person review) are in. Decisions that do not count are skipped, so a record written by anything but
     * {@link #decide} cannot tip the verdict.
     */
    Verdict verdict() {
        Set<String> approvedBy = new LinkedHashSet<>();
        Set<String> covered = new HashSet<>();
        for (Decision d : decisions) {
            if (!counts(d)) {
                continue;
            }
            if (d.outcome() != DecisionOutcome.APPROVE) {
                return verdict(ApprovalOutcome.of(d.outcome()), approvedBy, covered);
            }
            approvedBy.add(PersonName.canonicalOrAsIs(d.approver()));
            covered.addAll(d.approverGroups());
            if (approvedBy.size() >= requiredApprovals && missing(covered).isEmpty()) {
                return verdict(ApprovalOutcome.APPROVED, approvedBy, covered);
            }
        }
        return verdict(ApprovalOutcome.PENDING, approvedBy, covered);
    }

    /**
     * Where the approval stands, from the same walk as {@link #verdict()}: the approvals that count, the groups still
     * missing, and the groups whose approval would count now (after the rule {@link #decide} enforces: once the
     * approvals still to come are no more than the missing groups, only those groups can add one).
     */
    Progress progress() {
        Verdict verdict = verdict();
        ApprovalOutcome outcome = conclusion != null ? conclusion.outcome() : verdict.outcome();
        List<Progress.Approved> counted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Decision d : decisions) {
            String who = PersonName.canonicalOrAsIs(d.approver());
            if (counts(d) && d.outcome() == DecisionOutcome.APPROVE && verdict.approvedBy().contains(who)
                    && seen.add(who)) {
                counted.add(new Progress.Approved(who, d.approverGroups(), d.decidedAt()));
            }
        }
        List<String> waitingOn = List.of();
        if (outcome == ApprovalOutcome.PENDING) {
            List<String> missing = verdict.missingGroups();
            int slotsLeft = requiredApprovals - verdict.approvedBy().size();
            waitingOn = !missing.isEmpty() && slotsLeft <= missing.size() ? missing : List.copyOf(deciderGroups);
        }
        return new Progress(tier, outcome, requiredApprovals, requireEachGroup, routedGroups, counted,
                verdict.missingGroups(), waitingOn);
    }

    /**
     * Why this actor may not approve now, by the checks {@link #decide} runs for an approval (a comment aside);
     * empty if they may.
     */
    java.util.Optional<DecisionRefused> whyNotApprove(Actor by, Instant now) {
        try {
            refuseUnlessMayDecide(by, now);
            refuseApprovalThatCannotCount(by);
            return java.util.Optional.empty();
        } catch (DecisionRefused refused) {
            return java.util.Optional.of(refused);
        }
    }

    /**
     * Checks that the stored conclusion is the one a workflow step acts on and, for an approval, that the recorded
     * decisions still make it one. Returns the verdict the step may act on.
     */
    Verdict requireConcluded(ApprovalOutcome expected) {
        if (conclusion == null || conclusion.outcome() != expected) {
            throw new WorkflowDisagreement(requestId, "the workflow concluded " + expected.words()
                    + " but the service " + (conclusion == null ? "has no conclusion" : "concluded "
                    + conclusion.describe()));
        }
        Verdict verdict = verdict();
        if (expected == ApprovalOutcome.APPROVED && verdict.outcome() != ApprovalOutcome.APPROVED) {
            throw new SegregationViolation(requestId, "the recorded decisions do not approve it ("
                    + verdict.outcome().words() + "; waiting for " + verdict.waitingFor() + ")");
        }
        return verdict;
    }

    private void refuseUnlessMayDecide(Actor by, Instant now) {
        if (conclusion != null) {
            throw new DecisionRefused.ApprovalConcluded(conclusion);
        }
        if (!taskOpen || requestStatus != RequestStatus.PENDING_APPROVAL) {
            throw new DecisionRefused.TaskNotOpen(requestStatus.name());
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            throw new DecisionRefused.ApprovalConcluded(new Conclusion(ApprovalOutcome.EXPIRED, null, expiresAt));
        }
        if (by.isAgent()) {
            throw new DecisionRefused.AgentCannotDecide(by.name());
        }
        if (isRequesterSide(by.name(), requesterSide, agentId)) {
            throw new DecisionRefused.SelfApprovalRefused(by.name());
        }
        if (by.groups().stream().noneMatch(deciderGroups::contains)) {
            throw new DecisionRefused.NotAnApprover(by.name(), deciderGroups);
        }
        if (decisions.stream().anyMatch(d -> PersonName.canonicalOrAsIs(d.approver()).equals(by.name()))) {
            throw new DecisionRefused.AlreadyDecided(by.name());
        }
    }

    /**
     * In two-person review, once the approvals still to come are no more than the groups still missing, each of
     * them must cover a missing group; another approval from a covered group would be accepted and count for nothing.
     */
    private void refuseApprovalThatCannotCount(Actor by) {
        Verdict now = verdict();
        List<String> missing = now.missingGroups();
        int slotsLeft = requiredApprovals - now.approvedBy().size();
        if (!missing.isEmpty() && slotsLeft <= missing.size() && by.groups().stream().noneMatch(missing::contains)) {
            throw new DecisionRefused.GroupAlreadyCovered(by.name(), missing);
        }
    }

    /** A recorded decision counts if a person off the requesting side, routed to this approval, took it. */
    private boolean counts(Decision d) {
        return !Actor.AGENT.equals(d.approverKind()) && !Actor.SYSTEM.equals(d.approverKind())
                && !isRequesterSide(d.approver(), requesterSide, agentId)
                && d.approverGroups().stream().anyMatch(deciderGroups::contains);
    }

    private boolean needsComment(DecisionOutcome outcome) {
        return outcome != DecisionOutcome.APPROVE || commentRequired;
    }

    private Set<String> relevantGroups(Set<String> groups) {
        Set<String> relevant = new LinkedHashSet<>(deciderGroups);
        relevant.retainAll(groups);
        return relevant;
    }

    private List<String> missing(Set<String> covered) {
        return requireEachGroup ? routedGroups.stream().filter(g -> !covered.contains(g)).toList() : List.of();
    }

    private Verdict verdict(ApprovalOutcome outcome, Set<String> approvedBy, Set<String> covered) {
        return new Verdict(outcome, List.copyOf(approvedBy), missing(covered), requiredApprovals, decisions.size());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
