package io.countersign.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.outbox.Outbox;
import io.countersign.policy.RiskPolicy;
import io.countersign.security.Actor;
import io.countersign.token.ApprovalTokenAlreadyRedeemed;
import io.countersign.token.ApprovalTokenRefused;
import io.countersign.security.UserDirectory;
import io.countersign.token.ApprovalTokens;
import io.countersign.token.FreezeHold;
import io.countersign.token.Redemption;
import io.countersign.token.TokenCheck;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Taking plans in and answering for them: submit, read, withdraw, redeem the approval, report execution. Each state change is written
 * with its audit entry in one transaction; engine commands follow through the outbox.
 */
@Service
public class ChangeRequests {

    private final ChangeRequestRepository repository;
    private final RequestAudit audit;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final StatusSignals signals;
    private final ApprovalTokens approvalTokens;
    private final ApplicationEventPublisher events;
    private final RiskPolicy riskPolicy;
    private final PendingApprovals pendingApprovals;
    private final TransactionTemplate transactions;
    private final UserDirectory users;
    private final PolicyFacts policyFacts;

    ChangeRequests(ChangeRequestRepository repository, RequestAudit audit, Outbox outbox, ObjectMapper json,
                   Clock clock, StatusSignals signals, ApprovalTokens approvalTokens, ApplicationEventPublisher events,
                   RiskPolicy riskPolicy, PendingApprovals pendingApprovals,
                   PlatformTransactionManager transactionManager, UserDirectory users, PolicyFacts policyFacts) {
        this.policyFacts = policyFacts;
        this.users = users;
        this.pendingApprovals = pendingApprovals;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
        this.riskPolicy = riskPolicy;
        this.approvalTokens = approvalTokens;
        this.repository = repository;
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.signals = signals;
    }

    /** What submit did: a new request, or the one an earlier call with the same Idempotency-Key created. */
    public record Submitted(ChangeRequest request, boolean created) {
    }

    /**
     * Stores a new plan, or answers with the request an earlier call with the same Idempotency-Key created. Two calls
     * with the same key at once race on the key's unique index: the loser's transaction is rolled back whole and it
     * answers as a replay would, with the winner's request (or a conflict if its plan differs), never an error.
     */
    public Submitted submit(ChangePlan plan, Actor actor, String idempotencyKey) {
        try {
            return transactions.execute(tx -> submitOnce(plan, actor, idempotencyKey));
        } catch (DuplicateKeyException | CannotAcquireLockException raced) {
            if (idempotencyKey == null) {
                throw raced;
            }
            String fingerprint = fingerprint(plan);
            Submitted replay = transactions.execute(tx -> replay(actor, idempotencyKey, fingerprint).orElse(null));
            if (replay == null) {
                throw raced;
            }
            return replay;
        }
    }

    private Submitted submitOnce(ChangePlan plan, Actor actor, String idempotencyKey) {
        checkSubmitter(plan, actor);
        String fingerprint = fingerprint(plan);
        if (idempotencyKey != null) {
            Optional<Submitted> earlier = replay(actor, idempotencyKey, fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        checkRevision(plan);
        Submission submission = Submission.by(actor, UUID.randomUUID().toString(), plan, write(plan),
                PlanHash.of(plan, json), idempotencyKey, fingerprint, clock.instant());
        ChangeRequest request = ChangeRequest.submitted(submission);
        repository.insert(request);
        if (plan.callbackUrl() != null) {
            events.publishEvent(new CallbackRequested(request.id(), plan.callbackUrl(), actor));
        }
        audit.record("SUBMITTED", request, actor, null, null, submittedDetails(plan));
        outbox.startProcess(request.id(), processVariables(submission));
        return new Submitted(request, true);
    }

    /** The request an earlier call with this key created, if any; a different plan under the same key is refused. */
    private Optional<Submitted> replay(Actor actor, String idempotencyKey, String fingerprint) {
        return repository.findByIdempotencyKey(actor.name(), idempotencyKey).map(earlier -> {
            // Keys are scoped by agent id in the database; another token of the same id must not learn of it.
            if (!earlier.isRequesterSide(actor)) {
                throw new IdempotencyConflict(idempotencyKey);
            }
            if (!fingerprint.equals(earlier.submission().bodyFingerprint())) {
                throw new IdempotencyConflict(idempotencyKey, earlier.id());
            }
            return new Submitted(earlier, false);
        });
    }

    private String fingerprint(ChangePlan plan) {
        return PlanHash.sha256Hex(PlanHash.canonical(write(plan)));
    }

    public ChangeRequest get(String id) {
        return repository.find(id).orElseThrow(() -> new ChangeRequestNotFound(id));
    }

    public List<ChangeRequest> requestedBy(String user, int limit) {
        return repository.findByRequester(user, limit);
    }

    /** Waits (bounded) until the request's status satisfies the condition. */
    public RequestStatus await(String id, java.util.function.Predicate<RequestStatus> done, Duration timeout) {
        try {
            return signals.await(id, done, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return repository.statusOf(id);
        }
    }

    /**
     * Withdraws a plan for the requesting side. While it is pending the workflow is asked to end it. Once it is
     * approved, the token is revoked in the same transaction, so nobody can start an execution from it, and the request
     * is withdrawn at once; after the token was redeemed the execution has started and the withdraw is refused.
     */
    @Transactional
    public ChangeRequest withdraw(String id, Actor actor, String reason) {
        ChangeRequest request = repository.findForUpdate(id).orElseThrow(() -> new ChangeRequestNotFound(id));
        if (!isRequesterSide(request, actor)) {
            throw new NotYours("only the requester or its agent can withdraw this plan");
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        Map<String, Object> details = new HashMap<>();
        if (why != null) {
            details.put("reason", why);
        }
        if (request.status() == RequestStatus.APPROVED) {
            withdrawApproved(request, actor, why, details);
        } else {
            RequestStatus before = request.status();
            java.time.Instant now = clock.instant();
            if (!request.withdraw(actor.name(), why, now)) {
                return request;
            }
            // Recorded at once, under the row lock: every later step (classification, approval, the workers) sees it.
            pendingApprovals.closeForWithdrawal(request, actor.name(), now);
            repository.update(request, before);
            details.put("withdrawnFrom", before.name());
            audit.record("WITHDRAWN", request, actor, "WITHDRAWN", why, details);
            events.publishEvent(new RequestDecided(request));
            signals.changedAfterCommit(id);
        }
        outbox.publishMessage(Messages.WITHDRAW_REQUEST, request.id(), "withdraw-" + request.id(),
                Map.of("withdrawnBy", actor.name()));
        return request;
    }

    private void withdrawApproved(ChangeRequest request, Actor actor, String why, Map<String, Object> details) {
        String outcome = "withdrawn by " + actor.name() + (why == null ? "" : ": " + why);
        if (!approvalTokens.revokeUnlessRedeemed(request.id(), outcome)) {
            Redemption spent = approvalTokens.redemptionOf(request.id()).orElseThrow();
            throw new ApprovalTokenAlreadyRedeemed("the approval token was redeemed at " + spent.redeemedAt() + " by "
                    + spent.redeemedBy() + "; its execution has started, so the plan can no longer be withdrawn",
                    spent.redeemedAt(), spent.redeemedBy());
        }
        RequestStatus before = request.status();
        if (request.withdrawUnspentApproval(outcome, clock.instant())) {
            repository.update(request, before);
            details.put("withdrawnBy", actor.name());
            details.put("tokenRevoked", true);
            audit.record("WITHDRAWN", request, actor, "WITHDRAWN", why, details);
            events.publishEvent(new RequestDecided(request));
            signals.changedAfterCommit(request.id());
        }
    }

    /**
     * Spends the approval token before the run: the first call for a valid token of an approved request starts its
     * one execution and records {@code EXECUTION_STARTED}; any later call is refused. Only the requesting side may
     * spend it, as only they are shown it: an approver or auditor who saw it must not start (or block) the run.
     */
    @Transactional
    public Redemption redeem(String token, String planHash, Actor actor) {
        String id = approvalTokens.requestOf(token);
        ChangeRequest request = repository.findForUpdate(id)
                .orElseThrow(() -> new ApprovalTokenRefused(TokenCheck.Reason.UNKNOWN_TOKEN));
        if (!isRequesterSide(request, actor)) {
            throw new NotYours("only the requester or its agent can redeem the approval token of this plan");
        }
        // A freeze that began after the approval holds the token back while it covers the plan (not an emergency one).
        Optional<FreezeHold> freeze = riskPolicy.freezeOver(policyFacts.at(clock.instant(), request.submission().plan()))
                .map(f -> new FreezeHold(f.name(), f.until()));
        Redemption redemption = approvalTokens.redeem(token, id, planHash, actor.name(), freeze);
        if (request.status() != RequestStatus.APPROVED) {
            throw new IllegalTransition("redeem the approval token of", request.status());
        }
        audit.record("EXECUTION_STARTED", request, actor, null, null,
                Map.of("jti", redemption.jti(), "executionId", redemption.executionId()));
        return redemption;
    }

    /** The outcomes an agent may report for an approved plan. */
    public enum ExecutionOutcome { SUCCEEDED, FAILED, ROLLED_BACK }

    /**
     * Records the outcome of an approved plan and closes the execution its redeemed token started. The report names
     * the approved plan hash and presents the token, which must have been redeemed (the run started with it) and not
     * reported yet. The request is closed at once and the workflow follows through the outbox.
     */
    @Transactional
    public ChangeRequest reportExecution(String id, Actor actor, ExecutionOutcome outcome, String planHash,
                                         String approvalToken) {
        ChangeRequest request = repository.findForUpdate(id).orElseThrow(() -> new ChangeRequestNotFound(id));
        if (!isRequesterSide(request, actor)) {
            throw new NotYours("only the requester or its agent can report the execution of this plan");
        }
        if (!request.submission().planHash().equals(planHash)) {
            throw new PlanRejected("planHash", "does not match the approved plan; run only what was approved");
        }
        Redemption execution = approvalTokens.closeExecution(approvalToken, id, planHash);
        RequestStatus before = request.status();
        if (request.recordExecution(outcome.name(), clock.instant())) {
            repository.update(request, before);
            audit.record("EXECUTED", request, actor, outcome.name(), null,
                    Map.of("jti", execution.jti(), "executionId", execution.executionId()));
            events.publishEvent(new RequestDecided(request));
            signals.changedAfterCommit(id);
            outbox.publishMessage(Messages.EXECUTION_REPORT, id, "execution-" + id,
                    Map.of(Variables.EXECUTION, Map.of("outcome", outcome.name(), "reportedBy", actor.name())));
        }
        return request;
    }

    /** See {@link Submission#isRequesterSide}: the requesting people, or the token that submitted the plan. */
    public static boolean isRequesterSide(ChangeRequest request, Actor actor) {
        return request.isRequesterSide(actor);
    }

    private void checkSubmitter(ChangePlan plan, Actor actor) {
        if (actor.isAgent()) {
            if (plan.agent() == null || !actor.name().equals(plan.agent().id())) {
                throw new PlanRejected("agent.id", "must be your own agent id (" + actor.name() + ")");
            }
            if (!actor.mayActFor(plan.requestedBy())) {
                throw new PlanRejected("requestedBy", "your agent token does not let you act for "
                        + plan.requestedBy() + "; it is bound to " + actor.actsFor().stream().sorted().toList());
            }
            // The binding was checked when the token was made; the person may have left since.
            if (!users.isEnabledEngineer(plan.requestedBy())) {
                throw new PlanRejected("requestedBy", plan.requestedBy() + " is not an enabled engineer any more");
            }
        } else if (!actor.name().equals(plan.requestedBy())) {
            throw new PlanRejected("requestedBy",
                    "must be you (" + actor.name() + "); plans are submitted by the engineer who requests them");
        }
    }

    private void checkRevision(ChangePlan plan) {
        if (plan.revisionOf() == null) {
            return;
        }
        ChangeRequest earlier = repository.find(plan.revisionOf())
                .orElseThrow(() -> new PlanRejected("revisionOf", "no change request " + plan.revisionOf()));
        if (earlier.status() != RequestStatus.CHANGES_REQUESTED) {
            throw new PlanRejected("revisionOf", "can only revise a request whose approvers asked for changes; "
                    + plan.revisionOf() + " is " + earlier.status());
        }
        ChangePlan before = earlier.submission().plan();
        if (!before.requestedBy().equals(plan.requestedBy()) || !before.service().equals(plan.service())) {
            throw new PlanRejected("revisionOf", "a revision keeps the requester and service of the plan it revises");
        }
    }

    private Map<String, Object> processVariables(Submission s) {
        ChangePlan plan = s.plan();
        Map<String, Object> variables = new HashMap<>();
        variables.put(Variables.REQUEST_ID, s.id());
        variables.put(Variables.PLAN_HASH, s.planHash());
        variables.put(Variables.SERVICE, plan.service());
        variables.put(Variables.ENVIRONMENT, plan.environment());
        variables.put(Variables.REQUESTED_BY, plan.requestedBy());
        variables.put(Variables.AGENT_ID, s.agentId());
        variables.put(Variables.REQUESTER_SIDE, s.requesterSide().stream().sorted().toList());
        // The engine evaluates the same decision on these; the record-classification step re-derives them from the
        // stored plan and stops the request if the engine's verdict differs, so they are a copy, never evidence.
        variables.put(Variables.RISK_INPUTS, riskPolicy.dmnInputs(policyFacts.of(s, plan)));
        return variables;
    }

    private static Map<String, Object> submittedDetails(ChangePlan plan) {
        Map<String, Object> details = new HashMap<>();
        details.put("title", plan.title());
        details.put("justification", plan.justification());
        details.put("actions", plan.actions().size());
        // What was going to run, so the log alone answers it (and the audit search can find it); the command as a
        // digest, since it may hold secrets and the plan (with its hash) is kept beside the request anyway.
        details.put("changes", plan.actions().stream().map(a -> Map.of("operation", a.operation().name(),
                "resourceType", a.resourceType(), "resource", a.resource(), "scope", a.scope().name(),
                "regions", a.regions(), "commandSha256", io.countersign.common.Sha256.hex(a.command()))).toList());
        if (plan.revisionOf() != null) {
            details.put("revisionOf", plan.revisionOf());
        }
        return details;
    }

    private String write(ChangePlan plan) {
        try {
            return json.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("plan is not serialisable", e);
        }
    }

    /** The caller is not on the requesting side of this plan. */
    public static class NotYours extends RuntimeException {
        public NotYours(String reason) {
            super(reason);
        }
    }
}
