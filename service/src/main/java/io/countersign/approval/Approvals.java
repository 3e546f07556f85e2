package io.countersign.approval;

import io.countersign.outbox.Outbox;
import io.countersign.intake.WorkflowDisagreement;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.PlanMismatch;
import io.countersign.intake.PolicyFacts;
import io.countersign.policy.RiskPolicy;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.PendingApprovals;
import io.countersign.intake.RequestAudit;
import io.countersign.intake.RequestLifecycle;
import io.countersign.intake.RequestStatus;
import io.countersign.policy.Classification;
import io.countersign.policy.Tier;
import io.countersign.security.Actor;
import io.countersign.security.PersonName;
import io.countersign.security.Roles;
import io.countersign.token.ApprovalGrant;
import io.countersign.token.ApprovalTokens;
import io.countersign.workflows.ChangeRequestProcess.DecisionFields;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import io.countersign.workflows.ChangeRequestProcess.VerdictFields;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approval tasks and the decisions on them. Thin on purpose: it loads and locks, asks the approval's one judge
 * ({@link Approval}), stores, audits and tells the workflow through the outbox. Decisions, withdrawals and the
 * workflow's steps on one request are serialised by the request's row lock.
 */
@Service
public class Approvals implements PendingApprovals {

    private final ApprovalRepository repository;
    private final ChangeRequestRepository requests;
    private final RequestLifecycle lifecycle;
    private final RequestAudit audit;
    private final Outbox outbox;
    private final ApprovalTokens tokens;
    private final Clock clock;
    private final RefusedDecisions refused;
    private final RiskPolicy riskPolicy;
    private final ApplicationEventPublisher events;
    private final PolicyFacts policyFacts;

    Approvals(ApprovalRepository repository, ChangeRequestRepository requests, RequestLifecycle lifecycle,
              RequestAudit audit, Outbox outbox, ApprovalTokens tokens, Clock clock, RefusedDecisions refused,
              RiskPolicy riskPolicy, ApplicationEventPublisher events, PolicyFacts policyFacts) {
        this.events = events;
        this.policyFacts = policyFacts;
        this.riskPolicy = riskPolicy;
        this.refused = refused;
        this.tokens = tokens;
        this.repository = repository;
        this.requests = requests;
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Opens the approval task for a classified request (once) and returns its id.
     *
     * @throws AlreadyWithdrawn if the requester withdrew it first: no task is opened
     * @throws WorkflowDisagreement if the service already approved it (as LOW): no task is opened
     */
    @Transactional
    public String open(String requestId) {
        Instant now = clock.instant();
        ChangeRequest request = lifecycle.change(requestId, r -> {
            if (r.status() == RequestStatus.APPROVED) {
                // Approved as LOW at classification (both evaluations agreed): a workflow asking people now was
                // routed on something other than the service's verdict.
                throw new WorkflowDisagreement(requestId, "the workflow asked to open an approval for a plan the "
                        + "service already approved as " + r.tier());
            }
            return r.status() != RequestStatus.WITHDRAWN && r.awaitApproval(now);
        }, r -> {
            Classification c = r.classification();
            ApprovalTask task = new ApprovalTask(UUID.randomUUID().toString(), requestId, true, c.approverGroups(),
                    List.of(), false, null, now, now.plus(c.slaDuration()), now.plus(c.expiryDuration()), null);
            repository.insertTask(task);
            audit.system("TASK_OPENED", r, null, Map.of("taskId", task.id(), "approverGroups", c.approverGroups(),
                    "slaDueAt", task.slaDueAt().toString(), "expiresAt", task.expiresAt().toString()));
            events.publishEvent(new ApprovalOpened(requestId, task.id()));
        });
        if (request.status() == RequestStatus.WITHDRAWN) {
            throw new AlreadyWithdrawn(requestId);
        }
        return repository.taskForRequest(requestId)
                .orElseThrow(() -> new IllegalStateException("request " + requestId + " has no approval task"))
                .id();
    }

    /**
     * Records one person's decision if the approval's rules allow it, under the request's row lock, and tells the
     * workflow the verdict. A decision that concludes the approval stores the conclusion with it; every decision
     * after that is refused with what was concluded. A refusal is audited in its own transaction.
     */
    @Transactional
    public Decided decide(String taskId, Actor actor, DecisionOutcome outcome, String comment) {
        String requestId = repository.requestOfTask(taskId).orElseThrow(() -> new ApprovalNotFound(taskId));
        ChangeRequest request = requests.findForUpdate(requestId).orElseThrow();
        ApprovalTask task = repository.taskForUpdate(taskId).orElseThrow();
        Decided decided;
        try {
            decided = Approval.of(request, task, repository.decisions(request.id()))
                    .decide(actor, outcome, comment, clock.instant());
            repository.insertDecision(decided.decision());
        } catch (DuplicateKeyException e) {
            refused.record(request.id(), taskId, actor, outcome, new DecisionRefused.AlreadyDecided(actor.name()));
            throw new DecisionRefused.AlreadyDecided(actor.name());
        } catch (DecisionRefused refusal) {
            refused.record(request.id(), taskId, actor, outcome, refusal);
            throw refusal;
        }
        Decision decision = decided.decision();
        Verdict verdict = decided.verdict();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("taskId", taskId);
        details.put("decisionId", decision.id());
        details.put("groups", decision.approverGroups());
        details.put("verdict", verdict.outcome().name());
        if (actor.signInMethod() != null) {
            details.put("signInMethod", actor.signInMethod());
        }
        audit.record("DECIDED", request, actor, outcome.name(), decision.comment(), details);
        if (verdict.isConcluded()) {
            repository.conclude(taskId, new Conclusion(verdict.outcome(), actor.name(), decision.decidedAt()));
            audit.system("APPROVAL_CONCLUDED", request, verdict.outcome().name(), Map.of("taskId", taskId,
                    "concludedBy", actor.name(), "decisionId", decision.id(), "approvedBy", verdict.approvedBy()));
        }
        outbox.publishMessage(Messages.APPROVAL_DECISION, taskId, decision.id(), Map.of(
                Variables.DECISION, asVariable(decision), Variables.DECISION_VERDICT, asVariable(verdict)));
        events.publishEvent(new DecisionRecorded(request.id(), taskId, decision.id(), actor.name(), outcome,
                verdict.isConcluded()));
        return decided;
    }

    /** Flags the task as overdue and routes it to the escalation group too; returns the escalation groups. */
    @Transactional
    public List<String> escalate(String requestId, String escalationGroup) {
        ChangeRequest request = requests.findForUpdate(requestId).orElseThrow();
        ApprovalTask task = repository.taskForRequest(requestId).orElseThrow();
        if (!task.escalated() && task.open()) {
            List<String> groups = new ArrayList<>(task.escalationGroups());
            if (!groups.contains(escalationGroup)) {
                groups.add(escalationGroup);
            }
            repository.markEscalated(task.id(), groups);
            audit.system("ESCALATED", request, null, Map.of("taskId", task.id(), "escalationGroups", groups));
            events.publishEvent(new ApprovalEscalated(requestId, task.id(), List.of(escalationGroup)));
            return groups;
        }
        return task.escalationGroups();
    }

    /**
     * Approves the request, and issues its token, only as the one judge concluded: a plan that needs approval only
     * if its stored conclusion is APPROVED and the recorded decisions still make it so; a LOW plan only if it is LOW
     * and has no approval task. A withdrawn request is never approved.
     *
     * @throws AlreadyWithdrawn     if the requester withdrew it first
     * @throws SegregationViolation if the recorded decisions (or the tier) do not allow it
     * @throws WorkflowDisagreement if the stored conclusion is not APPROVED
     */
    @Transactional
    public ChangeRequest approve(String requestId) {
        Instant now = clock.instant();
        List<String> approvers = new ArrayList<>();
        return lifecycle.change(requestId, r -> {
            if (r.status() == RequestStatus.APPROVED) {
                return false;
            }
            if (r.status() == RequestStatus.WITHDRAWN) {
                throw new AlreadyWithdrawn(requestId);
            }
            Optional<ApprovalTask> task = repository.taskForRequest(requestId);
            if (task.isEmpty()) {
                requireLowTier(r);
            } else {
                approvers.addAll(approvalOf(r, task.get()).requireConcluded(ApprovalOutcome.APPROVED).approvedBy());
            }
            return r.approve(now.plus(r.classification().approvalWindow()), now);
        }, r -> {
            audit.system("APPROVED", r, "APPROVED", Map.of(
                    "approvers", approvers, "approvalExpiresAt", r.approvalExpiresAt().toString()));
            ApprovalTokens.Issued token = tokens.issue(new ApprovalGrant(requestId, r.submission().planHash(),
                    r.tier().name(), approvers, r.approvalExpiresAt()));
            audit.system("TOKEN_ISSUED", r, null, Map.of("jti", token.jti(), "kid", token.kid(),
                    "expiresAt", r.approvalExpiresAt().toString()));
        });
    }

    /** Records, in its own transaction, that the workflow asked to approve what the rule does not allow. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordViolation(String requestId, String why) {
        requests.find(requestId).ifPresent(r ->
                audit.system("SEGREGATION_VIOLATION", r, "REFUSED", Map.of("reason", why)));
    }

    /** Records, in its own transaction, that the workflow and the service's conclusion disagree. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordDisagreement(String requestId, String step, String why) {
        requests.find(requestId).ifPresent(r ->
                audit.system("WORKFLOW_DISAGREEMENT", r, "REFUSED", Map.of("step", step, "reason", why)));
    }

    @Transactional
    public ChangeRequest reject(String requestId) {
        return end(requestId, ApprovalOutcome.REJECTED);
    }

    @Transactional
    public ChangeRequest requestChanges(String requestId) {
        return end(requestId, ApprovalOutcome.CHANGES_REQUESTED);
    }

    /**
     * Ends a request nobody concluded before its deadline. If the service had concluded it (a decision accepted
     * just before the deadline the engine already passed), the two disagree and the step stops.
     */
    @Transactional
    public ChangeRequest expire(String requestId) {
        Instant now = clock.instant();
        return lifecycle.change(requestId, r -> {
            if (r.status() == RequestStatus.WITHDRAWN) {
                return false;
            }
            Conclusion concluded = repository.taskForRequest(requestId).map(ApprovalTask::conclusion).orElse(null);
            if (concluded != null && concluded.outcome() != ApprovalOutcome.EXPIRED) {
                throw new WorkflowDisagreement(requestId, "the workflow expired the approval but the service "
                        + "concluded it " + concluded.describe());
            }
            return r.expire(now);
        }, r -> {
            repository.taskForRequest(requestId).ifPresent(t ->
                    repository.conclude(t.id(), new Conclusion(ApprovalOutcome.EXPIRED, null, now)));
            audit.system("EXPIRED", r, "EXPIRED", Map.of());
        });
    }

    /**
     * The workflow's withdraw step: the service recorded the withdrawal when it was asked (see
     * {@link #closeForWithdrawal}); this only checks the request is withdrawn. Idempotent.
     *
     * @throws WorkflowDisagreement if the request is not withdrawn
     */
    @Transactional
    public ChangeRequest confirmWithdrawn(String requestId) {
        ChangeRequest request = requests.findForUpdate(requestId).orElseThrow();
        if (request.status() != RequestStatus.WITHDRAWN) {
            throw new WorkflowDisagreement(requestId, "the workflow withdrew it but the service has it "
                    + request.status());
        }
        return request;
    }

    /** Closes the approval task as withdrawn, or refuses the withdrawal once the approval is concluded. */
    @Override
    public void closeForWithdrawal(ChangeRequest request, String by, Instant at) {
        Optional<ApprovalTask> task = repository.taskForRequest(request.id());
        if (task.isEmpty()) {
            return;
        }
        if (task.get().conclusion() != null) {
            throw new WithdrawalRefused(task.get().conclusion());
        }
        repository.conclude(task.get().id(), new Conclusion(ApprovalOutcome.WITHDRAWN, by, at));
    }

    /**
     * Ends a request an admin closed because the workflow can no longer move it: rejected if it was waiting for
     * approval, denied if it never got there. The spec's lifecycle has no other exit for it. The status entry is
     * the workflow's, like every other; the admin's own act is the caller's {@code STALL_CLOSED} entry.
     */
    @Transactional
    public ChangeRequest closeByAdmin(String requestId, Actor admin, String reason) {
        Instant now = clock.instant();
        String why = "closed by admin " + admin.name() + ": " + reason;
        return lifecycle.change(requestId,
                r -> r.status() == RequestStatus.PENDING_APPROVAL ? r.reject(why, now) : r.deny(why, now), r -> {
                    // Concluded as rejected by the admin, so the one judge refuses any later decision with who and when.
                    repository.taskForRequest(requestId).ifPresent(t -> {
                        if (!repository.conclude(t.id(), new Conclusion(ApprovalOutcome.REJECTED, admin.name(), now))) {
                            repository.close(t.id(), now);
                        }
                    });
                    audit.system(r.status().name(), r, r.status().name(), Map.of("reason", why, "closedBy", admin.name()));
                });
    }

    public List<Decision> decisions(String requestId) {
        return repository.decisions(requestId);
    }

    /**
     * What the actor may decide on the request now, asked of the same judge {@link #decide} asks; records nothing.
     * A page offers exactly these, and the server refuses anything else anyway.
     */
    @Transactional(readOnly = true)
    public AllowedDecisions allowedDecisions(Actor actor, String requestId) {
        Optional<ChangeRequest> request = requests.find(requestId);
        Optional<ApprovalTask> task = repository.taskForRequest(requestId);
        if (request.isEmpty() || task.isEmpty() || request.get().classification() == null) {
            return AllowedDecisions.NONE;
        }
        return approvalOf(request.get(), task.get()).allowedFor(actor, clock.instant());
    }

    /** The approval's verdict over the decisions recorded so far; empty for a request with no approval task. */
    @Transactional(readOnly = true)
    public Optional<Verdict> verdict(String requestId) {
        Optional<ChangeRequest> request = requests.find(requestId);
        Optional<ApprovalTask> task = repository.taskForRequest(requestId);
        if (request.isEmpty() || task.isEmpty() || request.get().classification() == null) {
            return Optional.empty();
        }
        return Optional.of(approvalOf(request.get(), task.get()).verdict());
    }

    /** Where the request's approval stands (see {@link Progress}); empty if there is no such request or no tier yet. */
    @Transactional(readOnly = true)
    public Optional<Progress> progressOf(UUID requestId) {
        return progressOf(requestId.toString());
    }

    /** {@link #progressOf(UUID)} for the request ids as the records store them. */
    @Transactional(readOnly = true)
    public Optional<Progress> progressOf(String requestId) {
        return requests.find(requestId).flatMap(r -> standingOf(r, null)).map(Standing::progress);
    }

    /**
     * The request's approval as this actor sees it now, read once and asked of the one judge: where it stands, what
     * they may decide, and why not. Empty if there is no such request or no tier yet.
     */
    @Transactional(readOnly = true)
    public Optional<Standing> standing(Actor actor, String requestId) {
        return requests.find(requestId).flatMap(r -> standingOf(r, actor));
    }

    /** {@link #standing(Actor, String)} for a request the caller already read (the inbox reads many). */
    @Transactional(readOnly = true)
    public Optional<Standing> standing(Actor actor, ChangeRequest request) {
        return standingOf(request, actor);
    }

    private Optional<Standing> standingOf(ChangeRequest request, Actor actor) {
        Classification c = request.classification();
        if (c == null) {
            return Optional.empty();
        }
        Optional<ApprovalTask> task = repository.taskForRequest(request.id());
        if (task.isEmpty()) {
            ApprovalOutcome outcome = request.status() == RequestStatus.APPROVED
                    || request.status() == RequestStatus.EXECUTED ? ApprovalOutcome.APPROVED
                    : request.status() == RequestStatus.WITHDRAWN ? ApprovalOutcome.WITHDRAWN
                    : c.tier().needsApproval() ? ApprovalOutcome.PENDING : ApprovalOutcome.APPROVED;
            return Optional.of(new Standing(c.tier().needsApproval()
                    ? new Progress(c.tier(), outcome, requiredApprovals(c), c.requireEachGroup(), c.approverGroups(),
                            List.of(), c.requireEachGroup() ? c.approverGroups() : List.of(), List.of())
                    : Progress.automatic(c.tier(), outcome), task, AllowedDecisions.NONE, Optional.empty()));
        }
        Approval approval = approvalOf(request, task.get());
        Instant now = clock.instant();
        return Optional.of(new Standing(approval.progress(), task,
                actor == null ? AllowedDecisions.NONE : approval.allowedFor(actor, now),
                actor == null ? Optional.empty() : approval.whyNotApprove(actor, now)));
    }

    /** Whether a plain approval under this classification needs the approver's comment, as the one judge says. */
    public static boolean approvalNeedsComment(Classification classification) {
        return Approval.approvalNeedsComment(classification);
    }

    /** Approvals by distinct people a classification needs, as the approval's rules count them. */
    public static int requiredApprovals(Classification classification) {
        return Approval.requiredApprovals(classification);
    }

    /**
     * Who may see a request: its requesting side, auditors and admins, and the approvers it is (or was) routed to.
     * Everyone else is told it does not exist.
     */
    public boolean maySee(Actor actor, ChangeRequest request) {
        return ChangeRequests.isRequesterSide(request, actor)
                || actor.hasRole(Roles.AUDITOR) || actor.hasRole(Roles.ADMIN)
                || (request.classification() != null
                    && request.classification().approverGroups().stream().anyMatch(actor.groups()::contains))
                || taskFor(request.id()).map(t -> t.deciderGroups().stream().anyMatch(actor.groups()::contains))
                    .orElse(false);
    }

    /** Approvals recorded so far per request, for lists that show progress; requests without any are left out. */
    public Map<String, Integer> approvalCounts(Collection<String> requestIds) {
        return repository.approvalCounts(requestIds);
    }

    public Optional<ApprovalTask> taskFor(String requestId) {
        return repository.taskForRequest(requestId);
    }

    /** Open approvals routed to any of the actor's groups. */
    public List<InboxEntry> inbox(Actor actor, int limit) {
        return repository.inbox(actor.groups(), limit);
    }

    /** The task, if the actor is routed to it. */
    public ApprovalTask visibleTask(String taskId, Actor actor) {
        ApprovalTask task = repository.task(taskId).orElseThrow(() -> new ApprovalNotFound(taskId));
        if (actor.groups().stream().noneMatch(task.deciderGroups()::contains)) {
            throw new ApprovalNotFound(taskId);
        }
        return task;
    }

    /**
     * Marks the task as being worked on by the actor, audited as {@code CLAIMED}; false if someone else holds it.
     *
     * @throws ClaimNotYours if the judge would not let the actor decide on it
     */
    @Transactional
    public boolean claim(String taskId, Actor actor) {
        ApprovalTask task = visibleTask(taskId, actor);
        if (actor.name().equals(task.claimedBy())) {
            return true;
        }
        if (allowedDecisions(actor, task.requestId()).isEmpty()) {
            throw new ClaimNotYours(taskId);
        }
        // Claims of one task take turns on its row, so a lost race reads the winner: a colleague (refused) or the
        // same person's other click (already theirs, audited once). An unlocked re-read could miss it on H2.
        String holder = repository.taskForUpdate(taskId).map(ApprovalTask::claimedBy).orElse(null);
        if (holder != null) {
            return holder.equals(actor.name());
        }
        if (repository.claim(taskId, actor.name())) {
            auditClaim("CLAIMED", task, actor);
            return true;
        }
        return false;
    }

    /** Releases the actor's claim, audited as {@code UNCLAIMED}; false if they do not hold it. */
    @Transactional
    public boolean unclaim(String taskId, Actor actor) {
        ApprovalTask task = visibleTask(taskId, actor);
        boolean released = repository.unclaim(taskId, actor.name());
        if (released) {
            auditClaim("UNCLAIMED", task, actor);
        }
        return released;
    }

    private void auditClaim(String type, ApprovalTask task, Actor actor) {
        requests.find(task.requestId()).ifPresent(r -> audit.record(type, r, actor, null, null,
                Map.of("taskId", task.id())));
    }

    /** Ends the request as the stored conclusion says; a withdrawal accepted before the worker ran stands. */
    private ChangeRequest end(String requestId, ApprovalOutcome expected) {
        Instant now = clock.instant();
        String[] reason = new String[1];
        return lifecycle.change(requestId, r -> {
            if (r.status() == RequestStatus.WITHDRAWN) {
                return false;
            }
            ApprovalTask task = repository.taskForRequest(requestId).orElseThrow(() ->
                    new WorkflowDisagreement(requestId, "the workflow concluded " + expected + " with no approval task"));
            approvalOf(r, task).requireConcluded(expected);
            reason[0] = reasonOf(requestId, task.conclusion());
            return expected == ApprovalOutcome.REJECTED ? r.reject(reason[0], now) : r.requestChanges(reason[0], now);
        }, r -> audit.system(expected.name(), r, expected.name(), Map.of("reason", reason[0])));
    }

    /** "carol: the rollback is untested", from the decision that concluded it. */
    private String reasonOf(String requestId, Conclusion conclusion) {
        String comment = repository.decisions(requestId).stream()
                .filter(d -> d.approver().equals(conclusion.by()))
                .map(Decision::comment)
                .filter(java.util.Objects::nonNull)
                .findFirst().orElse("");
        return conclusion.by() + ": " + comment;
    }

    private Approval approvalOf(ChangeRequest request, ApprovalTask task) {
        return Approval.of(request, task, repository.decisions(request.id()));
    }

    /**
     * A plan approved with no people must be LOW by the stored classification and by the policy evaluated again on
     * the stored, hash-verified plan: a tier that reached the workflow some other way approves nothing.
     */
    private void requireLowTier(ChangeRequest request) {
        if (request.tier() != Tier.LOW) {
            throw new SegregationViolation(request.id(), "a " + request.tier()
                    + " plan has no approval task and cannot be approved without people");
        }
        ChangePlan plan;
        try {
            plan = lifecycle.verifiedPlan(request.id());
        } catch (PlanMismatch e) {
            throw new SegregationViolation(request.id(), "the stored plan no longer matches its hash");
        }
        Tier now = riskPolicy.classify(policyFacts.of(request.id(), plan)).classification().tier();
        if (now != Tier.LOW) {
            throw new SegregationViolation(request.id(), "the policy now classifies this plan " + now
                    + ", not LOW; it cannot be approved without people");
        }
    }

    private static Map<String, Object> asVariable(Verdict v) {
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put(VerdictFields.OUTCOME, v.outcome().name());
        variable.put(VerdictFields.APPROVED_BY, v.approvedBy());
        variable.put(VerdictFields.MISSING_GROUPS, v.missingGroups());
        variable.put(VerdictFields.DECISION_COUNT, v.decisions());
        return variable;
    }

    private static Map<String, Object> asVariable(Decision d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(DecisionFields.DECISION_ID, d.id());
        v.put(DecisionFields.APPROVER, d.approver());
        v.put(DecisionFields.APPROVER_KIND, d.approverKind());
        v.put(DecisionFields.GROUPS, d.approverGroups());
        v.put(DecisionFields.OUTCOME, d.outcome().name());
        v.put(DecisionFields.COMMENT, d.comment() == null ? "" : d.comment());
        return v;
    }
}
