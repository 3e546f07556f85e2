package io.countersign.audit;

import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened to a change request. The denormalised fields (agent, engineer, service, environment, tier,
 * outcome) are what auditors filter by; {@code details} holds the rest (rule id, DMN version, approvals...).
 *
 * @param type          event type, e.g. {@code SUBMITTED}, {@code CLASSIFIED}, {@code DECIDED}
 * @param requestId     the change request, or null for events that belong to none
 * @param actor         who caused it: a user name, an agent id, or {@code system}
 * @param actorKind     {@code HUMAN}, {@code AGENT} or {@code SYSTEM}
 * @param remoteAddress the actor's remote address for human and agent actions, else null
 * @param planHash      the plan hash of the request, when there is one
 */
public record AuditEvent(
        String type,
        String requestId,
        String actor,
        String actorKind,
        String remoteAddress,
        String planHash,
        String agentId,
        String requestedBy,
        String service,
        String environment,
        String tier,
        String outcome,
        String comment,
        Map<String, Object> details) {

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorKind, "actorKind");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
