package io.countersign.approval;

import io.countersign.intake.ChangeRequest;
import io.countersign.intake.RequestStatus;
import io.countersign.policy.Tier;
import io.countersign.security.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one judge of break-glass: who may approve a plan alone in an emergency, and when the mandatory review
 * afterwards is complete. Breaking glass overrides the waiting for approvers and a change freeze, never a policy
 * DENIED. The review needs two distinct people, neither the one who broke glass nor anyone on the requesting side,
 * one from the owning team and one from SRE (the same segregation as a CRITICAL approval).
 */
public final class BreakGlass {

    public enum ReviewOutcome { ACCEPTED, FLAGGED }

    /** What the break_glass table keeps; the API's body limits say the same. */
    static final int MAX_REASON = 2000;
    static final int MAX_INCIDENT_REF = 200;

    /** One reviewer's mark, counted for one of the two groups. */
    public record Review(String reviewer, String group, ReviewOutcome outcome, String comment, Instant reviewedAt) {
    }

    private final String requestId;
    private final String invokedBy;
    private final Instant reviewDueAt;
    private final List<String> reviewGroups;
    private final Set<String> requesterSide;
    private final List<Review> reviews;
    private final ReviewOutcome outcome;
    private final Instant escalatedAt;

    BreakGlass(String requestId, String invokedBy, Instant reviewDueAt, String owningGroup, String sreGroup,
               Set<String> requesterSide, List<Review> reviews, ReviewOutcome outcome, Instant escalatedAt) {
        this.requestId = requestId;
        this.invokedBy = invokedBy;
        this.reviewDueAt = reviewDueAt;
        this.reviewGroups = List.of(owningGroup, sreGroup);
        this.requesterSide = Set.copyOf(requesterSide);
        this.reviews = List.copyOf(reviews);
        this.outcome = outcome;
        this.escalatedAt = escalatedAt;
    }

    /**
     * Refuses a break-glass the rules do not allow: agents, people outside the break-glass group, the requesting
     * side, a missing reason or incident reference, a plan not waiting for approvers (a DENIED one above all), and
     * anyone whose own earlier break-glass is overdue for review.
     */
    static void requireMayInvoke(Actor actor, ChangeRequest request, Optional<ApprovalTask> task, String group,
                                 List<BreakGlass> overdueOfActor, String reason, String incidentRef) {
        requireInvoker(actor, group);
        requireText(reason, incidentRef, "", BreakGlassRefused::missing);
        if (request.isRequesterSide(actor)) {
            throw BreakGlassRefused.forbidden("nobody breaks glass on a plan they requested or submitted");
        }
        requireWaiting(request, task);
        requireNothingOverdue(overdueOfActor);
    }

    /**
     * Refuses an {@code emergency} object on submit the rules do not allow, before anything is stored: the same
     * rules and words as {@link #requireMayInvoke}, with the fields named as the submit body has them. The
     * requesting side is no bar here: on submit the person breaking glass is the one submitting their own fix, and
     * the review afterwards still leaves them and the requester out.
     */
    static void requireMayAsk(Actor actor, String group, List<BreakGlass> overdueOfActor, String reason,
                              String incidentRef) {
        requireInvoker(actor, group);
        requireText(reason, incidentRef, "emergency.", BreakGlassRefused::invalid);
        requireNothingOverdue(overdueOfActor);
    }

    /**
     * Refuses to apply an emergency asked for on submit once its plan is classified: the asker must still be in the
     * group and clear of overdue reviews, and the plan must wait for approvers (a DENIED plan stays denied).
     */
    static void requireMayApply(Actor actor, ChangeRequest request, Optional<ApprovalTask> task, String group,
                                List<BreakGlass> overdueOfActor) {
        requireInvoker(actor, group);
        requireWaiting(request, task);
        requireNothingOverdue(overdueOfActor);
    }

    /** Why a plan that asked for an emergency on submit gets none: its policy DENIED it. */
    static String deniedReason(ChangeRequest request) {
        return "the policy denied this plan (" + request.outcomeReason()
                + "); break-glass overrides waiting and freezes, never a DENIED plan";
    }

    private static void requireInvoker(Actor actor, String group) {
        if (actor.isAgent() || !Actor.HUMAN.equals(actor.kind())) {
            throw BreakGlassRefused.forbidden("an agent never breaks glass; a person in " + group + " must");
        }
        if (!actor.groups().contains(group)) {
            throw BreakGlassRefused.forbidden("only members of " + group + " may break glass");
        }
    }

    private static void requireText(String reason, String incidentRef, String prefix,
                                    java.util.function.BiFunction<String, String, BreakGlassRefused> missing) {
        if (reason == null || reason.isBlank()) {
            throw missing.apply(prefix + "reason", "say why this cannot wait for approvers");
        }
        if (incidentRef == null || incidentRef.isBlank()) {
            throw missing.apply(prefix + "incidentRef", "name the incident this emergency change is for");
        }
        if (reason.length() > MAX_REASON) {
            throw missing.apply(prefix + "reason", "must be at most " + MAX_REASON + " characters");
        }
        if (incidentRef.length() > MAX_INCIDENT_REF) {
            throw missing.apply(prefix + "incidentRef", "must be at most " + MAX_INCIDENT_REF + " characters");
        }
    }

    private static void requireWaiting(ChangeRequest request, Optional<ApprovalTask> task) {
        if (request.status() == RequestStatus.DENIED || request.tier() == Tier.DENIED) {
            throw BreakGlassRefused.conflict(deniedReason(request));
        }
        if (request.status() != RequestStatus.PENDING_APPROVAL || task.isEmpty() || !task.get().open()
                || task.get().conclusion() != null) {
            throw BreakGlassRefused.conflict("the plan is " + request.status()
                    + "; only a plan waiting for approvers can break glass");
        }
    }

    private static void requireNothingOverdue(List<BreakGlass> overdueOfActor) {
        if (!overdueOfActor.isEmpty()) {
            BreakGlass overdue = overdueOfActor.getFirst();
            throw BreakGlassRefused.conflict("your break-glass on request " + overdue.requestId
                    + " has not been reviewed and was due at " + overdue.reviewDueAt
                    + "; it must be reviewed before you break glass again");
        }
    }

    /**
     * May this person break glass on this request now? The request page asks, to offer the form only when the
     * service would accept it (the reason and incident reference aside).
     */
    static boolean mayInvoke(Actor actor, ChangeRequest request, Optional<ApprovalTask> task, String group,
                             List<BreakGlass> overdueOfActor) {
        try {
            requireMayInvoke(actor, request, task, group, overdueOfActor, "asked", "asked");
            return true;
        } catch (BreakGlassRefused refused) {
            return false;
        }
    }

    /**
     * Records one reviewer's mark if the rules allow it and returns the review, with the whole review's outcome once
     * both groups are covered.
     */
    Reviewed review(Actor reviewer, ReviewOutcome mark, String comment, Instant now) {
        if (reviewer.isAgent()) {
            throw BreakGlassRefused.forbidden("an agent never reviews a break-glass");
        }
        if (outcome != null) {
            throw BreakGlassRefused.conflict("the review of this break-glass is complete: " + outcome);
        }
        if (reviewer.name().equals(invokedBy)) {
            throw BreakGlassRefused.forbidden("the person who broke glass cannot review it");
        }
        if (requesterSide.contains(reviewer.name())) {
            throw BreakGlassRefused.forbidden("nobody on the requesting side reviews the break-glass of their plan");
        }
        if (reviews.stream().anyMatch(r -> r.reviewer().equals(reviewer.name()))) {
            throw BreakGlassRefused.conflict(reviewer.name() + " has already reviewed this break-glass");
        }
        if (mark == null) {
            throw BreakGlassRefused.missing("outcome", "must be ACCEPTED or FLAGGED");
        }
        if (comment == null || comment.isBlank()) {
            throw BreakGlassRefused.missing("comment", "a review says what the reviewer checked");
        }
        List<String> open = openGroups();
        Optional<String> slot = open.stream().filter(reviewer.groups()::contains).findFirst();
        if (slot.isEmpty()) {
            throw reviewGroups.stream().anyMatch(reviewer.groups()::contains)
                    ? BreakGlassRefused.conflict("the " + String.join(" and ", reviewGroups.stream()
                            .filter(reviewer.groups()::contains).distinct().toList())
                            + " review is already given; the other group must review")
                    : BreakGlassRefused.forbidden("only " + String.join(" and ", reviewGroups.stream().distinct()
                            .toList()) + " review a break-glass of this plan");
        }
        Review review = new Review(reviewer.name(), slot.get(), mark, comment.strip(), now);
        List<Review> after = new ArrayList<>(reviews);
        after.add(review);
        ReviewOutcome concluded = after.size() < reviewGroups.size() ? null
                : after.stream().anyMatch(r -> r.outcome() == ReviewOutcome.FLAGGED) ? ReviewOutcome.FLAGGED
                : ReviewOutcome.ACCEPTED;
        return new Reviewed(review, concluded);
    }

    /** May this person review it now? The request page asks, to offer the review form only to eligible reviewers. */
    boolean mayReview(Actor reviewer) {
        try {
            review(reviewer, ReviewOutcome.ACCEPTED, "asked", reviewDueAt);
            return true;
        } catch (BreakGlassRefused refused) {
            return false;
        }
    }

    /** The groups still to be covered, in order; a group listed twice (SRE owns the service) needs two people. */
    private List<String> openGroups() {
        List<String> open = new ArrayList<>(reviewGroups);
        reviews.forEach(r -> open.remove(r.group()));
        return open;
    }

    /** Overdue: past its due time on the service's clock, or escalated by the workflow's timer. */
    boolean overdue(Instant now) {
        return outcome == null && (escalatedAt != null || !now.isBefore(reviewDueAt));
    }

    /** One accepted review and, when it completed the review, the whole review's outcome. */
    record Reviewed(Review review, ReviewOutcome concluded) {
    }

    public String requestId() {
        return requestId;
    }

    public String invokedBy() {
        return invokedBy;
    }

    public Instant reviewDueAt() {
        return reviewDueAt;
    }

    public List<Review> reviews() {
        return reviews;
    }

    public Optional<ReviewOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    public List<String> reviewGroups() {
        return reviewGroups;
    }
}
