package io.countersign.intake;

import io.countersign.security.Actor;
import io.countersign.security.PersonName;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The immutable part of a change request: the plan as submitted, who submitted it and how.
 *
 * @param submittedBy     the authenticated principal: a canonical user name, or an agent id for agent tokens
 * @param submitterKind   {@code HUMAN} or {@code AGENT}
 * @param submittedTokenId the agent token the plan came through, or null when a person submitted it
 * @param requesterSide   the people on the requesting side, as they stood at submission: the requester, a human
 *                        submitter, and every engineer the submitting token may act for; none of them may approve
 */
public record Submission(
        String id,
        ChangePlan plan,
        String planJson,
        String planHash,
        String submittedBy,
        String submitterKind,
        String idempotencyKey,
        String bodyFingerprint,
        Instant createdAt,
        String submittedTokenId,
        Set<String> requesterSide) {

    public Submission {
        Set<String> side = new LinkedHashSet<>();
        side.add(plan.requestedBy());
        if (Actor.HUMAN.equals(submitterKind)) {
            side.add(PersonName.canonicalOrAsIs(submittedBy));
        }
        if (requesterSide != null) {
            side.addAll(requesterSide);
        }
        requesterSide = Set.copyOf(side);
    }

    /** The submission by this actor: a person, or an agent through its token (whose engineers join the side). */
    static Submission by(Actor actor, String id, ChangePlan plan, String planJson, String planHash,
                         String idempotencyKey, String bodyFingerprint, Instant createdAt) {
        return new Submission(id, plan, planJson, planHash, actor.name(), actor.kind(), idempotencyKey,
                bodyFingerprint, createdAt, actor.isAgent() ? actor.credentialId() : null,
                actor.isAgent() ? actor.actsFor() : Set.of());
    }

    public String requestedBy() {
        return plan.requestedBy();
    }

    public String agentId() {
        return plan.agent() == null ? null : plan.agent().id();
    }

    /**
     * The one answer to "is this actor on the requesting side of this plan?". A person is when they are in
     * {@link #requesterSide}. An agent is only through the very token that submitted the plan, never through
     * another token of the same agent id. Plans stored before tokens were recorded fall back to the agent id.
     */
    public boolean isRequesterSide(Actor actor) {
        if (actor.isAgent()) {
            if (submittedTokenId == null) {
                return Actor.AGENT.equals(submitterKind) && actor.name().equals(submittedBy);
            }
            return submittedTokenId.equals(actor.credentialId());
        }
        return requesterSide.contains(actor.name());
    }
}
