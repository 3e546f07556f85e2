package io.countersign.approval;

import io.countersign.common.AfterCommit;
import io.countersign.common.CountersignMetrics;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.Channel;
import io.countersign.intake.EmergencyClaim;
import io.countersign.intake.EmergencyClaims;
import io.countersign.intake.PolicyFacts;
import io.countersign.intake.RequestDecided;
import io.countersign.security.UserDirectory;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.event.EventListener;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.RequestAudit;
import io.countersign.intake.RequestLifecycle;
import io.countersign.intake.RequestStatus;
import io.countersign.outbox.Outbox;
import io.countersign.policy.BreakGlassProperties;
import io.countersign.policy.PolicyProperties;
import io.countersign.security.Actor;
import io.countersign.token.ApprovalGrant;
import io.countersign.token.ApprovalTokens;
import io.countersign.workflows.ChangeRequestProcess.BreakGlassFields;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Break-glass and its mandatory review afterwards. Thin like {@link Approvals}: it loads and locks, asks the one judge
 * ({@link BreakGlass}), stores, audits, publishes the events for notifications and tells the workflow through the
 * outbox. Everything on one request is serialised by the request's row lock.
 */
@Service
public class BreakGlasses {

    public static final String AUDIT_BREAK_GLASS = "BREAK_GLASS";
    public static final String AUDIT_REFUSED = "BREAK_GLASS_REFUSED";
    public static final String AUDIT_NOT_NEEDED = "BREAK_GLASS_NOT_NEEDED";
    public static final String AUDIT_REVIEWED = "BREAK_GLASS_REVIEWED";
    public static final String AUDIT_REVIEW_COMPLETED = "BREAK_GLASS_REVIEW_COMPLETED";
    public static final String AUDIT_REVIEW_OVERDUE = "BREAK_GLASS_REVIEW_OVERDUE";

    private final JdbcClient jdbc;
    private final ChangeRequestRepository requests;
    private final ApprovalRepository approvals;
    private final RequestLifecycle lifecycle;
    private final RequestAudit audit;
    private final ApprovalTokens tokens;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;
    private final BreakGlassProperties settings;
    private final PolicyProperties routing;
    private final Clock clock;

    private final CountersignMetrics metrics;
    private final ChangeRequests submissions;
    private final EmergencyClaims claims;
    private final PolicyFacts policyFacts;
    private final UserDirectory users;
    private final RefusedAtSubmit refusedAtSubmit;

    BreakGlasses(JdbcClient jdbc, ChangeRequestRepository requests, ApprovalRepository approvals,
                 RequestLifecycle lifecycle, RequestAudit audit, ApprovalTokens tokens, Outbox outbox,
                 ApplicationEventPublisher events, BreakGlassProperties settings, PolicyProperties routing,
                 Clock clock, CountersignMetrics metrics, ChangeRequests submissions, EmergencyClaims claims,
                 PolicyFacts policyFacts, UserDirectory users, RefusedAtSubmit refusedAtSubmit) {
        this.metrics = metrics;
        this.submissions = submissions;
        this.claims = claims;
        this.policyFacts = policyFacts;
        this.users = users;
        this.refusedAtSubmit = refusedAtSubmit;
        this.jdbc = jdbc;
        this.requests = requests;
        this.approvals = approvals;
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.tokens = tokens;
        this.outbox = outbox;
        this.events = events;
        this.settings = settings;
        this.routing = routing;
        this.clock = clock;
    }

    /**
     * Approves a plan at once for one person in the break-glass group, with the short break-glass window and an
     * emergency token, and opens the review that two other people must complete within the review period.
     *
     * @throws BreakGlassRefused when the rules do not allow it; nothing changes
     */
    @Transactional
    public ChangeRequest breakGlass(String requestId, Actor actor, String reason, String incidentRef) {
        ChangeRequest request = requests.findForUpdate(requestId)
                .orElseThrow(() -> new ChangeRequestNotFound(requestId));
        Instant now = clock.instant();
        Optional<ApprovalTask> task = approvals.taskForRequest(requestId);
        BreakGlass.requireMayInvoke(actor, request, task, settings.breakGlassGroup(),
                overdueOf(actor.name(), now), reason, incidentRef);
        return broken(request, task.get(), actor, reason, incidentRef, now, Map.of());
    }

    private ChangeRequest broken(ChangeRequest request, ApprovalTask task, Actor actor, String reason,
                                 String incidentRef, Instant now, Map<String, Object> moreDetails) {
        String requestId = request.id();
        if (find(requestId).isPresent()) {
            throw BreakGlassRefused.conflict("glass was already broken for this plan");
        }
        String owningGroup = routing.owningGroup(request.submission().plan().service());
        Instant reviewDue = now.plus(settings.breakGlassReviewWithin());
        approvals.conclude(task.id(), new Conclusion(ApprovalOutcome.APPROVED, actor.name(), now));
        jdbc.sql("""
                        insert into break_glass (request_id, invoked_by, reason, incident_ref, invoked_at,
                            review_due_at, owning_group, sre_group) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(requestId, actor.name(), reason.strip(), incidentRef.strip(), Timestamp.from(now),
                        Timestamp.from(reviewDue), owningGroup, routing.sreGroup())
                .update();
        ChangeRequest approved = lifecycle.change(requestId,
                r -> r.approve(now.plus(settings.breakGlassWindow()), now), r -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("reason", reason.strip());
                    details.put("incidentRef", incidentRef.strip());
                    details.put("taskId", task.id());
                    details.put("approvalExpiresAt", r.approvalExpiresAt().toString());
                    details.put("reviewDueAt", reviewDue.toString());
                    details.put("reviewGroups", List.of(owningGroup, routing.sreGroup()));
                    details.putAll(moreDetails);
                    audit.record(AUDIT_BREAK_GLASS, r, actor, "APPROVED", reason.strip(), details);
                    audit.system("APPROVED", r, "APPROVED", Map.of("approvers", List.of(actor.name()),
                            "approvalExpiresAt", r.approvalExpiresAt().toString(), "emergency", true));
                    ApprovalTokens.Issued token = tokens.issue(new ApprovalGrant(requestId,
                            r.submission().planHash(), r.tier().name(), List.of(actor.name()),
                            r.approvalExpiresAt(), true));
                    audit.system("TOKEN_ISSUED", r, null, Map.of("jti", token.jti(), "kid", token.kid(),
                            "expiresAt", r.approvalExpiresAt().toString(), "emergency", true));
                });
        events.publishEvent(new BreakGlassUsed(requestId, actor.name(), reason.strip(), incidentRef.strip(),
                request.submission().plan().service(), request.submission().plan().environment(),
                List.of(routing.escalationGroup(), owningGroup), reviewDue));
        String tier = approved.tier().name();
        AfterCommit.run(() -> metrics.breakGlassUsed(tier));
        Map<String, Object> breakGlass = new LinkedHashMap<>();
        breakGlass.put(BreakGlassFields.INVOKED_BY, actor.name());
        breakGlass.put(BreakGlassFields.REVIEW_WITHIN, settings.breakGlassReviewWithin().toString());
        outbox.publishMessage(Messages.BREAK_GLASS, requestId, "break-glass-" + requestId,
                Map.of(Variables.BREAK_GLASS, breakGlass));
        return approved;
    }

    /**
     * Submits a plan with an {@code emergency} object: the person must be allowed to break glass (the same rules and
     * words as {@link #breakGlass}); a refusal is audited and stores nothing. The emergency is stored with the plan,
     * which is then hashed, classified and audited as usual; {@link #applyEmergency} breaks glass for it once it
     * waits for approvers.
     *
     * @throws BreakGlassRefused when the person may not break glass; no request is created
     */
    public ChangeRequests.Submitted submitInEmergency(ChangePlan plan, Actor actor, String idempotencyKey,
                                                      Channel channel, String reason, String incidentRef) {
        try {
            BreakGlass.requireMayAsk(actor, settings.breakGlassGroup(), overdueOf(actor.name(), clock.instant()),
                    reason, incidentRef);
        } catch (BreakGlassRefused refused) {
            refusedAtSubmit.record(plan, actor, refused);
            throw refused;
        }
        return submissions.submit(plan, actor, idempotencyKey, channel,
                new EmergencyClaim.Asked(actor.name(), reason.strip(), incidentRef.strip()));
    }

    /**
     * Breaks glass for the emergency asked for on submit, now that its plan waits for approvers: approved at once by
     * the person who asked, exactly as {@link #breakGlass}. When the rules now say no (the asker left the group, has
     * an overdue review, or someone else broke glass first) the emergency is settled as refused and audited, and the
     * plan waits for approvers as any other. Does nothing for a request without an open emergency.
     */
    @Transactional
    public void applyEmergency(String requestId) {
        ChangeRequest request = requests.findForUpdate(requestId)
                .orElseThrow(() -> new ChangeRequestNotFound(requestId));
        Optional<EmergencyClaim> claim = claims.find(requestId).filter(EmergencyClaim::open);
        if (claim.isEmpty()) {
            return;
        }
        EmergencyClaim asked = claim.get();
        Actor invoker = users.find(asked.invokedBy())
                .map(p -> new Actor(asked.invokedBy(), Actor.HUMAN, p.roles(), p.enabled() ? p.groups() : Set.of(),
                        null))
                .orElse(new Actor(asked.invokedBy(), Actor.HUMAN, Set.of(), Set.of(), null));
        Instant now = clock.instant();
        Optional<ApprovalTask> task = approvals.taskForRequest(requestId);
        try {
            BreakGlass.requireMayApply(invoker, request, task, settings.breakGlassGroup(),
                    overdueOf(invoker.name(), now));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("onSubmit", true);
            policyFacts.freezeAtSubmission(requestId).ifPresent(f -> details.put("freezeOverridden", f.name()));
            broken(request, task.get(), invoker, asked.reason(), asked.incidentRef(), now, details);
            claims.settle(requestId, EmergencyClaim.State.APPLIED, null);
        } catch (BreakGlassRefused refused) {
            claims.settle(requestId, EmergencyClaim.State.REFUSED, refused.getMessage());
            audit.record(AUDIT_REFUSED, request, invoker, "REFUSED", refused.getMessage(),
                    Map.of("kind", refused.kind().name(), "onSubmit", true));
        }
    }

    /**
     * A request that asked for an emergency on submit was decided without glass broken: a DENIED plan stays denied
     * (the emergency is refused, visibly), a LOW plan was approved by the policy (nothing to break: no emergency
     * token, no review). Runs in the deciding transaction.
     */
    @EventListener
    void on(RequestDecided decided) {
        ChangeRequest request = decided.request();
        Optional<EmergencyClaim> claim = claims.find(request.id()).filter(EmergencyClaim::open);
        if (claim.isEmpty() || find(request.id()).isPresent()) {
            return;
        }
        Actor invoker = new Actor(claim.get().invokedBy(), Actor.HUMAN, Set.of(), Set.of(), null);
        if (request.status() == RequestStatus.APPROVED) {
            String note = "the policy approved this " + request.tier() + " plan without approvers; no glass was broken";
            claims.settle(request.id(), EmergencyClaim.State.NOT_NEEDED, note);
            audit.record(AUDIT_NOT_NEEDED, request, invoker, "NOT_NEEDED", note, Map.of("onSubmit", true));
            return;
        }
        String note = request.status() == RequestStatus.DENIED ? BreakGlass.deniedReason(request)
                : "the plan was " + request.status() + " before glass could be broken";
        claims.settle(request.id(), EmergencyClaim.State.REFUSED, note);
        audit.record(AUDIT_REFUSED, request, invoker, "REFUSED", note, Map.of("kind", "CONFLICT", "onSubmit", true));
    }

    /**
     * Would the service let this person break glass on this request now (reason and incident aside)? The request page
     * asks before it offers the form. An overdue review of their own does not hide it: trying tells them why not.
     */
    @Transactional(readOnly = true)
    public boolean mayBreakGlass(Actor actor, String requestId) {
        return requests.find(requestId).map(r -> BreakGlass.mayInvoke(actor, r, approvals.taskForRequest(requestId),
                settings.breakGlassGroup(), List.of())).orElse(false);
    }

    /** Would the service take this person's review of this request's break-glass now? */
    @Transactional(readOnly = true)
    public boolean mayReview(Actor actor, String requestId) {
        return find(requestId).map(g -> g.mayReview(actor)).orElse(false);
    }

    /** The emergency asked for on submit of this request, if any, and what became of it. */
    public Optional<EmergencyClaim> emergencyOf(String requestId) {
        return claims.find(requestId);
    }

    /**
     * Records one reviewer's mark; the review that covers both groups completes it (FLAGGED if anyone flagged it).
     *
     * @throws BreakGlassRefused when the rules do not allow this reviewer or mark
     */
    @Transactional
    public BreakGlass review(String requestId, Actor reviewer, BreakGlass.ReviewOutcome mark, String comment) {
        ChangeRequest request = requests.findForUpdate(requestId)
                .orElseThrow(() -> new ChangeRequestNotFound(requestId));
        BreakGlass glass = find(requestId).orElseThrow(() -> BreakGlassRefused.conflict(
                "nobody broke glass for request " + requestId));
        Instant now = clock.instant();
        BreakGlass.Reviewed reviewed = glass.review(reviewer, mark, comment, now);
        BreakGlass.Review r = reviewed.review();
        try {
            jdbc.sql("""
                            insert into break_glass_review (request_id, reviewer, review_group, outcome, comment,
                                reviewed_at) values (?, ?, ?, ?, ?, ?)""")
                    .params(requestId, r.reviewer(), r.group(), r.outcome().name(), r.comment(), Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException sameReviewerAtOnce) {
            // The request lock should have queued the second click behind the first; on H2 its read can still miss
            // the first one's committed review, and the key is what stops it. Same answer as a later second review.
            throw BreakGlassRefused.conflict(reviewer.name() + " has already reviewed this break-glass");
        }
        audit.record(AUDIT_REVIEWED, request, reviewer, r.outcome().name(), r.comment(),
                Map.of("group", r.group(), "invokedBy", glass.invokedBy()));
        String outcome = "PENDING";
        if (reviewed.concluded() != null) {
            outcome = reviewed.concluded().name();
            jdbc.sql("update break_glass set review_outcome = ?, reviewed_at = ? where request_id = ?")
                    .params(outcome, Timestamp.from(now), requestId).update();
            BreakGlass done = find(requestId).orElseThrow();
            audit.system(AUDIT_REVIEW_COMPLETED, request, outcome, Map.of("invokedBy", glass.invokedBy(),
                    "reviewers", done.reviews().stream().map(BreakGlass.Review::reviewer).toList(),
                    "onTime", !now.isAfter(glass.reviewDueAt())));
        }
        BreakGlass after = find(requestId).orElseThrow();
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put(BreakGlassFields.OUTCOME, outcome);
        verdict.put(BreakGlassFields.REVIEWERS, after.reviews().stream().map(BreakGlass.Review::reviewer).toList());
        verdict.put(BreakGlassFields.INVOKED_BY, glass.invokedBy());
        outbox.publishMessage(Messages.BREAK_GLASS_REVIEW, requestId, "break-glass-review-" + requestId + "-"
                + r.reviewer(), Map.of(Variables.BREAK_GLASS_REVIEW, verdict));
        return after;
    }

    /**
     * The workflow's step after the break-glass message: the request must be approved by a recorded break-glass, or
     * the message did not come from us. Returns the break-glass, for the review period.
     */
    @Transactional(readOnly = true)
    public BreakGlass confirm(String requestId) {
        ChangeRequest request = requests.find(requestId).orElseThrow(() -> new ChangeRequestNotFound(requestId));
        BreakGlass glass = find(requestId).orElseThrow(() -> new SegregationViolation(requestId,
                "the workflow was told glass was broken, but the service recorded no break-glass"));
        if (request.status() != RequestStatus.APPROVED && request.status() != RequestStatus.EXECUTED
                && request.status() != RequestStatus.WITHDRAWN) {
            throw new SegregationViolation(requestId, "the workflow was told glass was broken, but the request is "
                    + request.status());
        }
        return glass;
    }

    /** Records, in its own transaction, a break-glass the rules refused: who tried, on what, and why not. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void recordRefusal(String requestId, Actor actor, BreakGlassRefused refusal) {
        requests.find(requestId).ifPresent(r -> audit.record(AUDIT_REFUSED, r, actor, "REFUSED",
                refusal.getMessage(), Map.of("kind", refusal.kind().name())));
    }

    /** The review is overdue: marks it escalated (once), audits it and tells the notification channels. */
    @Transactional
    public void escalateReview(String requestId) {
        ChangeRequest request = requests.findForUpdate(requestId)
                .orElseThrow(() -> new ChangeRequestNotFound(requestId));
        BreakGlass glass = find(requestId).orElseThrow();
        if (glass.outcome().isPresent()) {
            return;
        }
        int marked = jdbc.sql("update break_glass set escalated_at = ? where request_id = ? and escalated_at is null")
                .params(Timestamp.from(clock.instant()), requestId).update();
        if (marked == 1) {
            List<String> notify = List.of(routing.escalationGroup(), glass.reviewGroups().getFirst(),
                    glass.reviewGroups().getLast()).stream().distinct().toList();
            audit.system(AUDIT_REVIEW_OVERDUE, request, "OVERDUE", Map.of("invokedBy", glass.invokedBy(),
                    "reviewDueAt", glass.reviewDueAt().toString(), "notify", notify,
                    "reviewsSoFar", glass.reviews().size()));
            events.publishEvent(new BreakGlassReviewOverdue(requestId, glass.invokedBy(), glass.reviewDueAt(),
                    notify));
        }
    }

    public Optional<BreakGlass> find(String requestId) {
        List<BreakGlass.Review> reviews = jdbc.sql("""
                        select reviewer, review_group, outcome, comment, reviewed_at from break_glass_review
                        where request_id = ? order by reviewed_at, reviewer""")
                .param(requestId).query((rs, n) -> new BreakGlass.Review(rs.getString("reviewer"),
                        rs.getString("review_group"), BreakGlass.ReviewOutcome.valueOf(rs.getString("outcome")),
                        rs.getString("comment"), rs.getTimestamp("reviewed_at").toInstant())).list();
        return jdbc.sql("select * from break_glass where request_id = ?").param(requestId)
                .query((rs, n) -> glass(rs, reviews)).optional();
    }

    /** The break-glass of one request as auditors and its page see it, if someone broke glass for it. */
    public Optional<Use> uses(String requestId) {
        return uses("select * from break_glass where request_id = ?", requestId).stream().findFirst();
    }

    /** Every break-glass, newest first, for auditors: who, why, and how the review came out. */
    public List<Use> uses(int limit) {
        return uses("select * from break_glass order by invoked_at desc, request_id limit ?", limit);
    }

    private List<Use> uses(String sql, Object param) {
        return jdbc.sql(sql).param(param)
                .query((rs, n) -> new Use(rs.getString("request_id"), rs.getString("invoked_by"),
                        rs.getString("reason"), rs.getString("incident_ref"),
                        rs.getTimestamp("invoked_at").toInstant(), rs.getTimestamp("review_due_at").toInstant(),
                        rs.getString("review_outcome"), rs.getTimestamp("escalated_at") != null))
                .list().stream().map(u -> u.withReviews(find(u.requestId()).map(BreakGlass::reviews)
                        .orElse(List.of()), clock.instant())).toList();
    }

    /** One break-glass as auditors see it. {@code reviewOutcome} is PENDING or OVERDUE until two reviews are in. */
    public record Use(String requestId, String invokedBy, String reason, String incidentRef, Instant invokedAt,
                      Instant reviewDueAt, String reviewOutcome, boolean escalated, List<BreakGlass.Review> reviews) {

        Use(String requestId, String invokedBy, String reason, String incidentRef, Instant invokedAt,
            Instant reviewDueAt, String reviewOutcome, boolean escalated) {
            this(requestId, invokedBy, reason, incidentRef, invokedAt, reviewDueAt, reviewOutcome, escalated,
                    List.of());
        }

        Use withReviews(List<BreakGlass.Review> all, Instant now) {
            String shown = reviewOutcome != null ? reviewOutcome
                    : escalated || !now.isBefore(reviewDueAt) ? "OVERDUE" : "PENDING";
            return new Use(requestId, invokedBy, reason, incidentRef, invokedAt, reviewDueAt, shown, escalated, all);
        }
    }

    /** The person's break-glasses whose review is overdue and not complete. */
    private List<BreakGlass> overdueOf(String person, Instant now) {
        return jdbc.sql("select request_id from break_glass where invoked_by = ? and review_outcome is null")
                .param(person).query(String.class).list().stream()
                .flatMap(id -> find(id).stream()).filter(g -> g.overdue(now)).toList();
    }

    private BreakGlass glass(ResultSet rs, List<BreakGlass.Review> reviews) throws SQLException {
        String requestId = rs.getString("request_id");
        Timestamp escalated = rs.getTimestamp("escalated_at");
        String outcome = rs.getString("review_outcome");
        return new BreakGlass(requestId, rs.getString("invoked_by"), rs.getTimestamp("review_due_at").toInstant(),
                rs.getString("owning_group"), rs.getString("sre_group"),
                requests.find(requestId).map(r -> r.submission().requesterSide()).orElse(java.util.Set.of()),
                reviews, outcome == null ? null : BreakGlass.ReviewOutcome.valueOf(outcome),
                escalated == null ? null : escalated.toInstant());
    }
}
