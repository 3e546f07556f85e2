package io.countersign.approval;

import io.countersign.outbox.Outbox;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.RequestAudit;
import io.countersign.intake.RequestLifecycle;
import io.countersign.intake.RequestStatus;
import io.countersign.policy.Classification;
import io.countersign.policy.Tier;
import io.countersign.security.Actor;
import io.countersign.security.Roles;
import io.countersign.token.ApprovalGrant;
import io.countersign.token.ApprovalTokens;
import io.countersign.workflows.ChangeRequestProcess.DecisionFields;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approval tasks and the decisions on them: opening a task, deciding, escalating, and ending the approval the way
 * the workflow concluded. Decisions on one request are serialised by the request's row lock.
 */
@Service
public class Approvals {

    private final ApprovalRepository repository;
    private final ChangeRequestRepository requests;
    private final RequestLifecycle lifecycle;
    private final RequestAudit audit;
    private final Outbox outbox;
    private final ApprovalTokens tokens;
    private final Clock clock;

    Approvals(ApprovalRepository repository, ChangeRequestRepository requests, RequestLifecycle lifecycle,
              RequestAudit audit, Outbox outbox, ApprovalTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.repository = repository;
        this.requests = requests;
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Opens the approval task for a classified request (once) and returns its id. */
    @Transactional
    public String open(String requestId) {
        Instant now = clock.instant();
        lifecycle.change(requestId, r -> r.awaitApproval(now), r -> {
            Classification c = r.classification();
            ApprovalTask task = new ApprovalTask(UUID.randomUUID().toString(), requestId, true, c.approverGroups(),
                    List.of(), false, null, now, now.plus(c.slaDuration()), now.plus(c.expiryDuration()));
            repository.insertTask(task);
            audit.system("TASK_OPENED", r, null, Map.of("taskId", task.id(), "approverGroups", c.approverGroups(),
                    "slaDueAt", task.slaDueAt().toString(), "expiresAt", task.expiresAt().toString()));
        });
        return repository.taskForRequest(requestId)
                .orElseThrow(() -> new IllegalStateException("request " + requestId + " has no approval task"))
                .id();
    }

    /** Records one person's decision, after the segregation-of-duties checks, and tells the workflow. */
    @Transactional
    public Decision decide(String taskId, Actor actor, DecisionOutcome outcome, String comment) {
        ApprovalTask unlocked = repository.task(taskId).orElseThrow(() -> new ApprovalNotFound(taskId));
        ChangeRequest request = requests.findForUpdate(unlocked.requestId()).orElseThrow();
        ApprovalTask task = repository.task(taskId).orElseThrow();
        if (!task.open() || request.status() != RequestStatus.PENDING_APPROVAL) {
            throw new DecisionRefused.TaskNotOpen(request.status().name());
        }
        SegregationOfDuties.ApprovalContext context = context(request, task);
        List<Decision> prior = repository.decisions(request.id());
        SegregationOfDuties.check(actor, context, prior, outcome, comment);
        Decision decision = new Decision(UUID.randomUUID().toString(), taskId, request.id(), actor.name(),
                actor.kind(), List.copyOf(SegregationOfDuties.relevantGroups(actor, context)), outcome,
                blankToNull(comment), actor.remoteAddress(), clock.instant());
        try {
            repository.insertDecision(decision);
        } catch (DuplicateKeyException e) {
            throw new DecisionRefused.AlreadyDecided(actor.name());
        }
        audit.record("DECIDED", request, actor, outcome.name(), decision.comment(),
                Map.of("taskId", taskId, "decisionId", decision.id(), "groups", decision.approverGroups()));
        outbox.publishMessage(Messages.APPROVAL_DECISION, taskId, decision.id(),
                Map.of(Variables.DECISION, asVariable(decision)));
        return decision;
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
            return groups;
        }
        return task.escalationGroups();
    }

    /**
     * Approves the request once the workflow says the approval is complete, re-checking the two-person rule over
     * the recorded decisions first. LOW plans need no decision.
     */
    @Transactional
    public ChangeRequest approve(String requestId) {
        Instant now = clock.instant();
        return lifecycle.change(requestId, r -> {
            if (r.status() != RequestStatus.APPROVED && r.tier() != Tier.LOW) {
                verifyApprovals(r);
            }
            return r.approve(now.plus(r.classification().approvalWindow()), now);
        }, r -> {
            closeTask(requestId, now);
            List<String> approvers = approvers(requestId);
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

    @Transactional
    public ChangeRequest reject(String requestId) {
        return end(requestId, "REJECTED", DecisionOutcome.REJECT);
    }

    @Transactional
    public ChangeRequest requestChanges(String requestId) {
        return end(requestId, "CHANGES_REQUESTED", DecisionOutcome.REQUEST_CHANGES);
    }

    @Transactional
    public ChangeRequest expire(String requestId) {
        Instant now = clock.instant();
        return lifecycle.change(requestId, r -> r.expire(now), r -> {
            closeTask(requestId, now);
            audit.system("EXPIRED", r, "EXPIRED", Map.of());
        });
    }

    @Transactional
    public ChangeRequest withdraw(String requestId, String by) {
        Instant now = clock.instant();
        return lifecycle.change(requestId, r -> r.withdraw(by, now), r -> {
            closeTask(requestId, now);
            audit.system("WITHDRAWN", r, "WITHDRAWN", Map.of("withdrawnBy", by));
        });
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
                    closeTask(requestId, now);
                    audit.system(r.status().name(), r, r.status().name(), Map.of("reason", why, "closedBy", admin.name()));
                });
    }

    public List<Decision> decisions(String requestId) {
        return repository.decisions(requestId);
    }

    /**
     * What the actor may decide on the request now, by the same checks {@link #decide} runs; records nothing. A
     * page offers exactly these, and the server refuses anything else anyway.
     */
    @Transactional(readOnly = true)
    public AllowedDecisions allowedDecisions(Actor actor, String requestId) {
        Optional<ChangeRequest> request = requests.find(requestId);
        Optional<ApprovalTask> task = repository.taskForRequest(requestId);
        if (request.isEmpty() || task.isEmpty() || !task.get().open()
                || request.get().status() != RequestStatus.PENDING_APPROVAL) {
            return AllowedDecisions.NONE;
        }
        SegregationOfDuties.ApprovalContext context = context(request.get(), task.get());
        try {
            SegregationOfDuties.checkDecider(actor, context, repository.decisions(requestId));
        } catch (DecisionRefused refused) {
            return AllowedDecisions.NONE;
        }
        return AllowedDecisions.all(outcome -> SegregationOfDuties.needsComment(outcome, context));
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

    @Transactional
    public boolean claim(String taskId, Actor actor) {
        visibleTask(taskId, actor);
        return repository.claim(taskId, actor.name());
    }

    @Transactional
    public boolean unclaim(String taskId, Actor actor) {
        visibleTask(taskId, actor);
        return repository.unclaim(taskId, actor.name());
    }

    private ChangeRequest end(String requestId, String status, DecisionOutcome by) {
        Instant now = clock.instant();
        List<Decision> decisions = repository.decisions(requestId);
        Decision decisive = decisions.stream().filter(d -> d.outcome() == by).findFirst().orElse(null);
        String reason = decisive == null ? status.toLowerCase()
                : decisive.approver() + ": " + Optional.ofNullable(decisive.comment()).orElse("");
        return lifecycle.change(requestId,
                r -> by == DecisionOutcome.REJECT ? r.reject(reason, now) : r.requestChanges(reason, now),
                r -> {
                    closeTask(requestId, now);
                    audit.system(status, r, status, Map.of("reason", reason));
                });
    }

    private void verifyApprovals(ChangeRequest request) {
        Classification c = request.classification();
        ApprovalTask task = repository.taskForRequest(request.id())
                .orElseThrow(() -> new SegregationViolation(request.id(), "no approval task was opened"));
        SegregationOfDuties.ApprovalContext context = context(request, task);
        List<Decision> valid = repository.decisions(request.id()).stream()
                .filter(d -> d.outcome() == DecisionOutcome.APPROVE)
                .filter(d -> SegregationOfDuties.isValidDecider(d, context))
                .toList();
        Set<String> people = valid.stream().map(Decision::approver).collect(Collectors.toSet());
        if (people.size() < c.requiredApprovals()) {
            throw new SegregationViolation(request.id(), "needs " + c.requiredApprovals()
                    + " approvals by distinct people, has " + people.size());
        }
        if (c.requireEachGroup()) {
            for (String group : c.approverGroups()) {
                if (valid.stream().noneMatch(d -> d.approverGroups().contains(group))) {
                    throw new SegregationViolation(request.id(), "no approval from group " + group);
                }
            }
        }
    }

    private List<String> approvers(String requestId) {
        return repository.decisions(requestId).stream()
                .filter(d -> d.outcome() == DecisionOutcome.APPROVE)
                .map(Decision::approver)
                .toList();
    }

    private void closeTask(String requestId, Instant now) {
        repository.taskForRequest(requestId).ifPresent(t -> repository.close(t.id(), now));
    }

    private static SegregationOfDuties.ApprovalContext context(ChangeRequest request, ApprovalTask task) {
        Classification c = request.classification();
        return new SegregationOfDuties.ApprovalContext(request.submission().requestedBy(),
                request.submission().submittedBy(), request.submission().agentId(), c.tier(),
                c.commentRequired() || c.tier() != Tier.MEDIUM, task.deciderGroups());
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
