package io.countersign.stall;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.countersign.approval.ApprovalTask;
import io.countersign.approval.Approvals;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.IllegalTransition;
import io.countersign.intake.RequestAudit;
import io.countersign.intake.RequestStatus;
import io.countersign.security.Actor;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What can be done about a stalled request: an admin retries the refused step or closes the request, and a stalled
 * request still expires at its approval deadline. Engine commands go out through the gRPC client, which the embedded
 * engine and a real cluster both serve.
 *
 * <p>Retry does not resolve the incident by its key: the gRPC API cannot search incidents and the embedded engine's
 * only other view of its records copies the whole log into memory. It terminates the refused job's element instance
 * (which resolves its incident) and activates the same element again (a fresh job), in one modification command.
 */
@Service
public class StallActions {

    private static final Logger log = LoggerFactory.getLogger(StallActions.class);
    static final String RETRIED = "RETRIED";
    static final String CLOSED = "CLOSED";
    private static final Set<RequestStatus> CLOSABLE =
            EnumSet.of(RequestStatus.SUBMITTED, RequestStatus.CLASSIFIED, RequestStatus.PENDING_APPROVAL);

    private final StalledRequests stalls;
    private final ChangeRequestRepository requests;
    private final Approvals approvals;
    private final RequestAudit audit;
    private final CamundaClient camunda;
    private final TransactionTemplate transaction;
    private final Clock clock;

    StallActions(StalledRequests stalls, ChangeRequestRepository requests, Approvals approvals, RequestAudit audit,
                 CamundaClient camunda, TransactionTemplate transaction, Clock clock) {
        this.stalls = stalls;
        this.requests = requests;
        this.approvals = approvals;
        this.audit = audit;
        this.camunda = camunda;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Gives the refused step back to the engine. The stall is resolved (and audited) before the command goes out, so
     * a step refused again at once is recorded as a new stall rather than folded into this one.
     *
     * @throws ChangeRequestNotFound if there is no such request
     * @throws RequestNotStalled if it has no open stall
     * @throws StallNotRetryable if the stall names no element instance
     * @throws StallRetryNotSent if the engine did not take the command (the request is stalled again)
     */
    public Stall retry(String requestId, Actor admin) {
        Stall stall = openStall(requestId);
        if (!stall.retryable()) {
            throw new StallNotRetryable(requestId, stall.step());
        }
        transaction.executeWithoutResult(tx -> {
            ChangeRequest request = requests.findForUpdate(requestId).orElseThrow();
            if (!stalls.resolve(stall.id(), RETRIED, admin.name())) {
                throw new RequestNotStalled(requestId);
            }
            audit.record("STALL_RETRIED", request, admin, RETRIED, null, details(stall));
        });
        try {
            camunda.newModifyProcessInstanceCommand(stall.processInstanceKey())
                    .activateElement(stall.elementId())
                    .and()
                    .terminateElement(stall.elementInstanceKey())
                    .send()
                    .join();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            stalls.stall(requestId, new StalledJob(stall.processInstanceKey(), stall.jobKey(),
                    stall.elementInstanceKey(), stall.elementId(), stall.step()), "retry not taken by the engine: " + why);
            throw new StallRetryNotSent(requestId, why);
        }
        return stall;
    }

    /**
     * Ends a stalled request for good: its process instance is cancelled, then the request is rejected (or denied,
     * if it was never pending) with the admin's reason, its task closed and its stall resolved, in one transaction.
     *
     * @throws ChangeRequestNotFound if there is no such request
     * @throws RequestNotStalled if it has no open stall
     * @throws IllegalTransition if the request is past approval (an approved plan is withdrawn, not closed)
     */
    public ChangeRequest close(String requestId, Actor admin, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("closing a stalled request needs a reason");
        }
        Stall stall = openStall(requestId);
        ChangeRequest current = requests.find(requestId).orElseThrow(() -> new ChangeRequestNotFound(requestId));
        if (!CLOSABLE.contains(current.status())) {
            throw new IllegalTransition("close", current.status());
        }
        cancel(stall.processInstanceKey());
        return transaction.execute(tx -> {
            requests.findForUpdate(requestId).orElseThrow();
            if (!stalls.resolve(stall.id(), CLOSED, admin.name())) {
                throw new RequestNotStalled(requestId);
            }
            ChangeRequest closed = approvals.closeByAdmin(requestId, admin, reason.strip());
            Map<String, Object> details = details(stall);
            details.put("status", closed.status().name());
            audit.record("STALL_CLOSED", closed, admin, CLOSED, reason.strip(), details);
            return closed;
        });
    }

    /**
     * Expires stalled requests whose approval deadline has passed on the engine's clock, as the workflow's own timer
     * would have; a step refused after the approval sub-process ended has no timer left. The deadline is carried over
     * to the engine's clock the first time a stall is seen, so tests that move the engine's time see it expire.
     */
    public void expireOverdue(Instant engineNow, int limit) {
        for (Stall stall : stalls.open(limit)) {
            try {
                expireIfOverdue(stall, engineNow);
            } catch (RuntimeException e) {
                log.warn("Stalled request {} not expired yet: {}", stall.requestId(), e.getMessage());
            }
        }
    }

    private void expireIfOverdue(Stall stall, Instant engineNow) {
        ChangeRequest request = requests.find(stall.requestId()).orElse(null);
        ApprovalTask task = approvals.taskFor(stall.requestId()).orElse(null);
        if (request == null || request.status() != RequestStatus.PENDING_APPROVAL || task == null || !task.open()) {
            return;
        }
        if (stall.expiresAt() == null) {
            Duration left = Duration.between(clock.instant(), task.expiresAt());
            stalls.deadline(stall.id(), engineNow.plus(left.isNegative() ? Duration.ZERO : left));
            return;
        }
        if (!engineNow.isBefore(stall.expiresAt())) {
            cancel(stall.processInstanceKey());
            approvals.expire(stall.requestId());
        }
    }

    private Stall openStall(String requestId) {
        if (requests.find(requestId).isEmpty()) {
            throw new ChangeRequestNotFound(requestId);
        }
        return stalls.current(requestId).orElseThrow(() -> new RequestNotStalled(requestId));
    }

    /** Cancels the instance; one that is already gone (cancelled before a crash, or finished) is what we wanted. */
    private void cancel(Long processInstanceKey) {
        if (processInstanceKey == null) {
            return;
        }
        try {
            camunda.newCancelInstanceCommand(processInstanceKey).send().join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static Map<String, Object> details(Stall stall) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stallId", stall.id());
        details.put("step", stall.step());
        details.put("stalledReason", stall.reason());
        return details;
    }
}
