package io.countersign.intake;

import io.countersign.policy.Classification;
import io.countersign.policy.Tier;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A submitted plan on its way to a decision. Every status change is a named transition that refuses what the
 * lifecycle does not allow; a transition to where the request already is returns false, so re-delivered engine jobs
 * change nothing twice.
 */
public final class ChangeRequest {

    private final Submission submission;
    private RequestStatus status;
    private Classification classification;
    private Instant approvalExpiresAt;
    private String outcomeReason;
    private String executionOutcome;
    private Long processInstanceKey;
    private Instant updatedAt;

    ChangeRequest(Submission submission, RequestStatus status, Classification classification,
                  Instant approvalExpiresAt, String outcomeReason, String executionOutcome,
                  Long processInstanceKey, Instant updatedAt) {
        this.submission = submission;
        this.status = status;
        this.classification = classification;
        this.approvalExpiresAt = approvalExpiresAt;
        this.outcomeReason = outcomeReason;
        this.executionOutcome = executionOutcome;
        this.processInstanceKey = processInstanceKey;
        this.updatedAt = updatedAt;
    }

    static ChangeRequest submitted(Submission submission) {
        return new ChangeRequest(submission, RequestStatus.SUBMITTED, null, null, null, null, null,
                submission.createdAt());
    }

    public boolean classify(Classification verdict, Instant now) {
        if (classification != null || status == RequestStatus.WITHDRAWN) {
            return false;
        }
        require("classify", RequestStatus.SUBMITTED);
        classification = verdict;
        return moveTo(RequestStatus.CLASSIFIED, now);
    }

    public boolean deny(String reason, Instant now) {
        if (status == RequestStatus.DENIED || status == RequestStatus.WITHDRAWN) {
            return false;
        }
        require("deny", RequestStatus.SUBMITTED, RequestStatus.CLASSIFIED);
        outcomeReason = reason;
        return moveTo(RequestStatus.DENIED, now);
    }

    public boolean awaitApproval(Instant now) {
        if (status == RequestStatus.PENDING_APPROVAL) {
            return false;
        }
        require("open an approval for", RequestStatus.CLASSIFIED);
        return moveTo(RequestStatus.PENDING_APPROVAL, now);
    }

    public boolean approve(Instant expiresAt, Instant now) {
        if (status == RequestStatus.APPROVED) {
            return false;
        }
        if (status == RequestStatus.CLASSIFIED && tier() != Tier.LOW) {
            throw new IllegalTransition("approve without human approval", status);
        }
        require("approve", RequestStatus.CLASSIFIED, RequestStatus.PENDING_APPROVAL);
        approvalExpiresAt = expiresAt;
        return moveTo(RequestStatus.APPROVED, now);
    }

    public boolean reject(String reason, Instant now) {
        return endPending(RequestStatus.REJECTED, "reject", reason, now);
    }

    public boolean requestChanges(String reason, Instant now) {
        return endPending(RequestStatus.CHANGES_REQUESTED, "request changes on", reason, now);
    }

    public boolean expire(Instant now) {
        return endPending(RequestStatus.EXPIRED, "expire", "no decision before the approval deadline", now);
    }

    /**
     * Withdraws the plan at any stage before approval: submitted (the workflow may not have started), classified, or
     * pending. Every later step honours it, so a withdrawal that is accepted is never followed by an approval.
     */
    public boolean withdraw(String by, String reason, Instant now) {
        if (status == RequestStatus.WITHDRAWN) {
            return false;
        }
        require("withdraw", RequestStatus.SUBMITTED, RequestStatus.CLASSIFIED, RequestStatus.PENDING_APPROVAL);
        outcomeReason = "withdrawn by " + by + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
        return moveTo(RequestStatus.WITHDRAWN, now);
    }

    /**
     * Withdraws an approved plan whose token the caller has just revoked (nobody redeemed it), so no execution can
     * start from it. Package-private: only the withdraw that revoked the token may call it.
     */
    boolean withdrawUnspentApproval(String reason, Instant now) {
        if (status == RequestStatus.WITHDRAWN) {
            return false;
        }
        require("withdraw the approval of", RequestStatus.APPROVED);
        outcomeReason = reason;
        return moveTo(RequestStatus.WITHDRAWN, now);
    }

    public boolean recordExecution(String outcome, Instant now) {
        if (status == RequestStatus.EXECUTED) {
            return false;
        }
        require("record an execution of", RequestStatus.APPROVED);
        executionOutcome = outcome;
        return moveTo(RequestStatus.EXECUTED, now);
    }

    public boolean lapse(Instant now) {
        // An approval withdrawn before anyone ran it ends there; the workflow's window timer may still fire.
        if (status == RequestStatus.APPROVAL_LAPSED || status == RequestStatus.EXECUTED
                || status == RequestStatus.WITHDRAWN) {
            return false;
        }
        require("lapse the approval of", RequestStatus.APPROVED);
        outcomeReason = "no execution reported within the approval window";
        return moveTo(RequestStatus.APPROVAL_LAPSED, now);
    }

    /** Binds the request to the one process instance that runs it; a duplicate instance is refused. */
    public boolean bindProcessInstance(long key) {
        if (processInstanceKey == null) {
            processInstanceKey = key;
            return true;
        }
        return processInstanceKey == key;
    }

    private boolean endPending(RequestStatus target, String what, String reason, Instant now) {
        if (status == target) {
            return false;
        }
        require(what, RequestStatus.PENDING_APPROVAL);
        outcomeReason = reason;
        return moveTo(target, now);
    }

    private void require(String what, RequestStatus... allowed) {
        Set<RequestStatus> from = EnumSet.noneOf(RequestStatus.class);
        from.addAll(java.util.Arrays.asList(allowed));
        if (!from.contains(status)) {
            throw new IllegalTransition(what, status);
        }
    }

    private boolean moveTo(RequestStatus target, Instant now) {
        status = target;
        updatedAt = now;
        return true;
    }

    public String id() {
        return submission.id();
    }

    /** See {@link Submission#isRequesterSide}. */
    public boolean isRequesterSide(io.countersign.security.Actor actor) {
        return submission.isRequesterSide(actor);
    }

    public Submission submission() {
        return submission;
    }

    public RequestStatus status() {
        return status;
    }

    public Classification classification() {
        return classification;
    }

    public Tier tier() {
        return classification == null ? null : classification.tier();
    }

    public Instant approvalExpiresAt() {
        return approvalExpiresAt;
    }

    public String outcomeReason() {
        return outcomeReason;
    }

    public String executionOutcome() {
        return executionOutcome;
    }

    public Long processInstanceKey() {
        return processInstanceKey;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
