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
    private final EmergencyClaims emergencyClaims;

    ChangeRequests(ChangeRequestRepository repository, RequestAudit audit, Outbox outbox, ObjectMapper json,
                   Clock clock, StatusSignals signals, ApprovalTokens approvalTokens, ApplicationEventPublisher events,
                   RiskPolicy riskPolicy, PendingApprovals pendingApprovals,
                   PlatformTransactionManager transactionManager, UserDirectory users, PolicyFacts policyFacts,
                   EmergencyClaims emergencyClaims) {
        this.emergencyClaims = emergencyClaims;
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
        return submit(plan, actor, idempotencyKey, Channel.API);
    }

    /** As {@link #submit(ChangePlan, Actor, String)}, recording which door the plan came through. */
    public Submitted submit(ChangePlan plan, Actor actor, String idempotencyKey, Channel channel) {
        return submit(plan, actor, idempotencyKey, channel, null);
    }

    /**
     * As {@link #submit(ChangePlan, Actor, String, Channel)}, with an emergency asked for by the submitting person;
     * the caller ({@code approval.BreakGlasses}) has checked that they may ask. It is stored with the request, so the
     * freeze calendar does not hold the plan and the service breaks glass for it once the plan waits for approvers.
     */
    public Submitted submit(ChangePlan plan, Actor actor, String idempotencyKey, Channel channel,
                            EmergencyClaim.Asked emergency) {
        try {
            return transactions.execute(tx -> submitOnce(plan, actor, idempotencyKey, channel, emergency));
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

    private Submitted submitOnce(ChangePlan plan, Actor actor, String idempotencyKey, Channel channel,
                                 EmergencyClaim.Asked emergency) {
        checkSubmitter(plan, actor);
        String fingerprint = fingerprint(plan);
        if (idempotencyKey != null) {
            Optional<Submitted> earlier = replay(actor, idempotencyKey, fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Optional<ChangeRequest> superseded = checkRevision(plan, actor);
        Submission submission = Submission.by(actor, UUID.randomUUID().toString(), plan, write(plan),
                PlanHash.of(plan), idempotencyKey, fingerprint, clock.instant());
        ChangeRequest request = ChangeRequest.submitted(submission);
        repository.insert(request);
        if (emergency != null) {
            emergencyClaims.insert(request.id(), emergency, submission.createdAt());
        }
        if (plan.callbackUrl() != null) {
            events.publishEvent(new CallbackRequested(request.id(), plan.callbackUrl(), actor));
        }
        Map<String, Object> details = submittedDetails(plan);
        details.put("channel", channel.label());
        if (emergency != null) {
            details.put("emergency", Map.of("invokedBy", emergency.invokedBy(), "reason", emergency.reason(),
                    "incidentRef", emergency.incidentRef()));
        }
        audit.record("SUBMITTED", request, actor, null, null, details);
        outbox.startProcess(request.id(), processVariables(submission));
        // In the same transaction: the revision and the end of the plan it replaces are one fact, so two versions
        // of a plan are never pending side by side.
        superseded.ifPresent(earlier -> supersede(earlier, request, actor));
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
        } else if (!withdrawPending(request, actor, why, details)) {
            return request;
        }
        outbox.publishMessage(Messages.WITHDRAW_REQUEST, request.id(), "withdraw-" + request.id(),
                Map.of("withdrawnBy", actor.name()));
        return request;
    }

    private boolean withdrawPending(ChangeRequest request, Actor actor, String why, Map<String, Object> details) {
        RequestStatus before = request.status();
        java.time.Instant now = clock.instant();
        if (!request.withdraw(actor.name(), why, now)) {
            return false;
        }
        // Recorded at once, under the row lock: every later step (classification, approval, the workers) sees it.
        pendingApprovals.closeForWithdrawal(request, actor.name(), now);
        repository.update(request, before);
        details.put("withdrawnFrom", before.name());
        audit.record("WITHDRAWN", request, actor, "WITHDRAWN", why, details);
        events.publishEvent(new RequestDecided(request));
        signals.changedAfterCommit(request.id());
        return true;
    }

    /** Ends a pending plan its revision replaces, as a withdrawal by the reviser naming the revision. */
    private void supersede(ChangeRequest earlier, ChangeRequest revision, Actor actor) {
        Map<String, Object> details = new HashMap<>();
        String why = "revised as " + revision.id();
        details.put("reason", why);
        details.put("revisedAs", revision.id());
        withdrawPending(earlier, actor, why, details);
        outbox.publishMessage(Messages.WITHDRAW_REQUEST, earlier.id(), "withdraw-" + earlier.id(),
                Map.of("withdrawnBy", actor.name()));
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
        return reportExecution(id, actor, outcome, planHash, approvalToken, List.of());
    }

    /** What one approved action did when it ran, as its executor reports it (issue 12: `countersign run`). */
    public record ExecutedStep(int action, int exitCode, String outputTail) {
    }

    /** As above, with what each action that ran did, kept in the audit entry that closes the request. */
    @Transactional
    public ChangeRequest reportExecution(String id, Actor actor, ExecutionOutcome outcome, String planHash,
                                         String approvalToken, List<ExecutedStep> steps) {
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
            Map<String, Object> details = new HashMap<>(Map.of("jti", execution.jti(), "executionId",
                    execution.executionId()));
            if (!steps.isEmpty()) {
                details.put("steps", steps.stream().map(step -> {
                    Map<String, Object> shown = new HashMap<>(Map.of("action", step.action(), "exitCode",
                            step.exitCode()));
                    if (step.outputTail() != null) {
                        shown.put("outputTail", step.outputTail());
                    }
                    return shown;
                }).toList());
            }
            audit.record("EXECUTED", request, actor, outcome.name(), null, details);
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

    /** The checks submit makes of who submits and what a plan revises, for the policy's dry run to make the same. */
    void checkSubmission(ChangePlan plan, Actor actor) {
        checkSubmitter(plan, actor);
        checkRevision(plan, actor);
    }

    /** Whether a page should offer this actor to withdraw the plan now (withdraw itself decides). */
    public static boolean mayWithdraw(ChangeRequest request, Actor actor) {
        return isRequesterSide(request, actor) && request.status().isPending();
    }

    /** Whether a page should offer this actor to revise the plan now (the revision's submission decides). */
    public static boolean mayRevise(ChangeRequest request, Actor actor) {
        return isRequesterSide(request, actor)
                && (request.status().isPending() || request.status() == RequestStatus.CHANGES_REQUESTED);
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
        } else if (plan.agent() != null && signedInOnTheWeb(actor)) {
            // Only an agent token establishes an agent: a person typing one would make a hand-made plan look like
            // an agent's. (HTTP Basic callers are scripts driving an agent; see docs/departures.md.)
            throw new PlanRejected("agent", "is set by an agent token only; a person submitting on the web "
                    + "cannot name an agent");
        }
    }

    private static boolean signedInOnTheWeb(Actor actor) {
        String method = actor.signInMethod();
        return method != null && (method.equals("form") || method.startsWith("oidc"));
    }

    /**
     * A revision links to a request whose approvers asked for changes, or replaces a plan still pending (which the
     * submission then withdraws, so the returned request is the one to supersede). Either way it keeps the
     * requester and the service, and a pending plan is revised only by its requesting side.
     */
    private Optional<ChangeRequest> checkRevision(ChangePlan plan, Actor actor) {
        if (plan.revisionOf() == null) {
            return Optional.empty();
        }
        ChangeRequest earlier = repository.findForUpdate(plan.revisionOf())
                .orElseThrow(() -> new PlanRejected("revisionOf", "no change request " + plan.revisionOf()));
        boolean pending = earlier.status().isPending();
        if (!pending && earlier.status() != RequestStatus.CHANGES_REQUESTED) {
            throw new PlanRejected("revisionOf", "can only revise a request that is pending or whose approvers "
                    + "asked for changes; " + plan.revisionOf() + " is " + earlier.status());
        }
        ChangePlan before = earlier.submission().plan();
        if (!before.requestedBy().equals(plan.requestedBy()) || !before.service().equals(plan.service())) {
            throw new PlanRejected("revisionOf", "a revision keeps the requester and service of the plan it revises");
        }
        if (pending && !earlier.isRequesterSide(actor)) {
            throw new PlanRejected("revisionOf", "only the requester or its agent can revise a pending plan");
        }
        return pending ? Optional.of(earlier) : Optional.empty();
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
