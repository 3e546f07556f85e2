package io.countersign.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.outbox.Outbox;
import io.countersign.security.Actor;
import io.countersign.token.ApprovalTokens;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Taking plans in and answering for them: submit, read, withdraw, report execution. Each state change is written
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

    ChangeRequests(ChangeRequestRepository repository, RequestAudit audit, Outbox outbox, ObjectMapper json,
                   Clock clock, StatusSignals signals, ApprovalTokens approvalTokens, ApplicationEventPublisher events) {
        this.events = events;
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

    @Transactional
    public Submitted submit(ChangePlan plan, Actor actor, String idempotencyKey) {
        checkSubmitter(plan, actor);
        String fingerprint = PlanHash.sha256Hex(PlanHash.canonical(write(plan)));
        if (idempotencyKey != null) {
            Optional<ChangeRequest> earlier = repository.findByIdempotencyKey(actor.name(), idempotencyKey);
            if (earlier.isPresent()) {
                if (!fingerprint.equals(earlier.get().submission().bodyFingerprint())) {
                    throw new IdempotencyConflict(idempotencyKey, earlier.get().id());
                }
                return new Submitted(earlier.get(), false);
            }
        }
        checkRevision(plan);
        Submission submission = new Submission(UUID.randomUUID().toString(), plan, write(plan),
                PlanHash.of(plan, json), actor.name(), actor.kind(), idempotencyKey, fingerprint, clock.instant());
        ChangeRequest request = ChangeRequest.submitted(submission);
        repository.insert(request);
        if (plan.callbackUrl() != null) {
            events.publishEvent(new CallbackRequested(request.id(), plan.callbackUrl(), actor));
        }
        audit.record("SUBMITTED", request, actor, null, null, submittedDetails(plan));
        outbox.startProcess(request.id(), processVariables(submission));
        return new Submitted(request, true);
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

    @Transactional
    public ChangeRequest withdraw(String id, Actor actor) {
        ChangeRequest request = repository.findForUpdate(id).orElseThrow(() -> new ChangeRequestNotFound(id));
        if (!isRequesterSide(request, actor)) {
            throw new NotYours("only the requester or its agent can withdraw this plan");
        }
        if (request.status().isDecided()) {
            throw new IllegalTransition("withdraw", request.status());
        }
        audit.record("WITHDRAWAL_REQUESTED", request, actor, null, null, Map.of());
        outbox.publishMessage(Messages.WITHDRAW_REQUEST, request.id(), "withdraw-" + request.id(),
                Map.of("withdrawnBy", actor.name()));
        return request;
    }

    /** The outcomes an agent may report for an approved plan. */
    public enum ExecutionOutcome { SUCCEEDED, FAILED, ROLLED_BACK }

    /**
     * Records the outcome of an approved plan. The report must present the approval token and name the plan hash
     * that was approved, within the approval window; the token is used up, so one approval closes exactly one
     * execution. The request is closed at once and the workflow follows through the outbox.
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
        if (request.status() == RequestStatus.APPROVED && request.approvalExpiresAt() != null
                && clock.instant().isAfter(request.approvalExpiresAt())) {
            throw new IllegalTransition("report execution after the approval window for", request.status());
        }
        Map<String, Object> claims = approvalTokens.redeem(approvalToken, id, planHash, actor.name());
        RequestStatus before = request.status();
        if (request.recordExecution(outcome.name(), clock.instant())) {
            repository.update(request, before);
            audit.record("EXECUTED", request, actor, outcome.name(), null, Map.of("jti", claims.get("jti")));
            events.publishEvent(new RequestDecided(request));
            signals.changedAfterCommit(id);
            outbox.publishMessage(Messages.EXECUTION_REPORT, id, "execution-" + id,
                    Map.of(Variables.EXECUTION, Map.of("outcome", outcome.name(), "reportedBy", actor.name())));
        }
        return request;
    }

    /** True when the actor is the requesting engineer, the submitter, or the agent that proposed the plan. */
    public static boolean isRequesterSide(ChangeRequest request, Actor actor) {
        Submission s = request.submission();
        return actor.name().equals(s.requestedBy()) || actor.name().equals(s.submittedBy())
                || (actor.isAgent() && actor.name().equals(s.agentId()));
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
        variables.put(Variables.RISK_INPUTS, plan.actions().stream().map(a -> riskInput(plan, a)).toList());
        return variables;
    }

    private static Map<String, Object> riskInput(ChangePlan plan, PlanAction action) {
        return Map.of(
                "environment", plan.environment(),
                "operation", action.operation().name(),
                "scope", action.scope().name(),
                "regionCount", action.regions().size(),
                "reversible", action.reversible(),
                "hasRollbackPlan", action.hasRollbackPlan());
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
