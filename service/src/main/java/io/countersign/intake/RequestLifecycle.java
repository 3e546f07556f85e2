package io.countersign.intake;

import io.countersign.policy.Classification;
import io.countersign.policy.Tier;
import io.countersign.token.ApprovalTokens;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workflow's steps that change a request outside the approval itself: verify, classify, deny, lapse. Each is
 * idempotent, so a job the engine delivers twice changes nothing the second time.
 */
@Service
public class RequestLifecycle {

    private final ChangeRequestRepository repository;
    private final RequestAudit audit;
    private final StatusSignals signals;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ApprovalTokens approvalTokens;

    RequestLifecycle(ChangeRequestRepository repository, RequestAudit audit, StatusSignals signals,
                     Clock clock, ApplicationEventPublisher events, ApprovalTokens approvalTokens) {
        this.approvalTokens = approvalTokens;
        this.events = events;
        this.repository = repository;
        this.audit = audit;
        this.signals = signals;
        this.clock = clock;
    }

    /**
     * Checks that the stored plan still hashes to what the process was started with and binds the request to this
     * process instance. Answers the plan so checked, or empty for a duplicate instance, which must not run.
     */
    @Transactional
    public Optional<ChangePlan> verifyPlan(String requestId, String planHash, long processInstanceKey) {
        ChangeRequest request = lock(requestId);
        if (!request.submission().planHash().equals(planHash)) {
            throw new PlanMismatch(requestId);
        }
        ChangePlan plan = hashChecked(request);
        RequestStatus before = request.status();
        if (!request.bindProcessInstance(processInstanceKey)) {
            return Optional.empty();
        }
        repository.update(request, before);
        return Optional.of(plan);
    }

    /** The stored plan, after checking that it still hashes to what was submitted. */
    public ChangePlan verifiedPlan(String requestId) {
        return hashChecked(repository.find(requestId).orElseThrow(() -> new ChangeRequestNotFound(requestId)));
    }

    private static ChangePlan hashChecked(ChangeRequest request) {
        ChangePlan plan = request.submission().plan();
        if (!request.submission().planHash().equals(PlanHash.of(plan))) {
            throw new PlanMismatch(request.id());
        }
        return plan;
    }

    /** The engine's classification differs from the service's: recorded, and the request goes no further. */
    @Transactional
    public void recordClassificationDisagreement(String requestId, Map<String, Object> details) {
        audit.system("CLASSIFICATION_DISAGREEMENT", lock(requestId), "CLASSIFICATION_DISAGREEMENT", details);
    }

    @Transactional
    public ChangeRequest classify(String requestId, Classification verdict, Map<String, Object> policyDetails) {
        return change(requestId, r -> r.classify(verdict, clock.instant()), r -> {
            Map<String, Object> details = new LinkedHashMap<>(policyDetails);
            details.put("reason", verdict.reason());
            details.put("ruleId", verdict.ruleId());
            details.put("requiredApprovals", verdict.requiredApprovals());
            details.put("approverGroups", verdict.approverGroups());
            audit.system("CLASSIFIED", r, verdict.tier().name(), details);
        });
    }

    @Transactional
    public ChangeRequest deny(String requestId) {
        String[] reason = new String[1];
        return change(requestId, r -> {
            if (r.status() == RequestStatus.DENIED || r.status() == RequestStatus.WITHDRAWN) {
                return false;
            }
            reason[0] = denialReason(r);
            return r.deny(reason[0], clock.instant());
        }, r -> audit.system("DENIED", r, "DENIED", Map.of("reason", reason[0])));
    }

    /**
     * Why the service itself denies the plan, from what it stored: its own verdict DENIED, or a stored plan that no
     * longer matches its hash. The workflow's reason is a claim and is not used; a denial nothing here supports stops.
     */
    private String denialReason(ChangeRequest request) {
        if (request.classification() != null) {
            if (request.tier() != Tier.DENIED) {
                throw new WorkflowDisagreement(request.id(), "the workflow asked to deny a plan the service classified "
                        + request.tier());
            }
            return request.classification().reason();
        }
        if (!request.submission().planHash().equals(PlanHash.of(request.submission().plan()))) {
            return "The submitted plan does not match its plan hash";
        }
        throw new WorkflowDisagreement(request.id(), "the workflow asked to deny a plan that is not classified yet "
                + "and still matches its plan hash");
    }

    /** Lapses an approval nobody redeemed in its window; a redeemed one started its execution in time, and runs on. */
    @Transactional
    public ChangeRequest lapse(String requestId) {
        return change(requestId, r -> !approvalTokens.isRedeemed(requestId) && r.lapse(clock.instant()),
                r -> audit.system("APPROVAL_LAPSED", r, "APPROVAL_LAPSED", Map.of()));
    }

    @Transactional
    public ChangeRequest confirmExecution(String requestId) {
        ChangeRequest request = lock(requestId);
        if (request.status() != RequestStatus.EXECUTED) {
            throw new WorkflowDisagreement(requestId, "the workflow received an execution report, but the service "
                    + "accepted none (status " + request.status() + ")");
        }
        return request;
    }

    /**
     * Applies a transition under the row lock; writes the audit entry and wakes waiters only if it changed anything.
     * A decided status is announced in the same transaction, so whatever must follow it (a webhook) is never lost.
     */
    public ChangeRequest change(String requestId, Predicate<ChangeRequest> transition,
                                java.util.function.Consumer<ChangeRequest> onChange) {
        ChangeRequest request = lock(requestId);
        RequestStatus before = request.status();
        if (transition.test(request)) {
            if (!repository.update(request, before)) {
                throw new IllegalStateException("request " + requestId + " changed under its row lock");
            }
            onChange.accept(request);
            if (request.status().isDecided()) {
                events.publishEvent(new RequestDecided(request));
            }
            signals.changedAfterCommit(requestId);
        }
        return request;
    }

    private ChangeRequest lock(String requestId) {
        return repository.findForUpdate(requestId).orElseThrow(() -> new ChangeRequestNotFound(requestId));
    }
}
