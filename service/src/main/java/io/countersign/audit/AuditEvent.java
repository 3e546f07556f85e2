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

    /** Starts an event with its required parts; the rest default to null (details to empty). */
    public static Builder builder(String type, String actor, String actorKind) {
        return new Builder(type, actor, actorKind);
    }

    /** Names the optional parts, so that callers need not count fourteen positional arguments. */
    public static final class Builder {
        private final String type;
        private final String actor;
        private final String actorKind;
        private String requestId;
        private String remoteAddress;
        private String planHash;
        private String agentId;
        private String requestedBy;
        private String service;
        private String environment;
        private String tier;
        private String outcome;
        private String comment;
        private Map<String, Object> details;

        private Builder(String type, String actor, String actorKind) {
            this.type = type;
            this.actor = actor;
            this.actorKind = actorKind;
        }

        public Builder requestId(String value) { requestId = value; return this; }
        public Builder remoteAddress(String value) { remoteAddress = value; return this; }
        public Builder planHash(String value) { planHash = value; return this; }
        public Builder agentId(String value) { agentId = value; return this; }
        public Builder requestedBy(String value) { requestedBy = value; return this; }
        public Builder service(String value) { service = value; return this; }
        public Builder environment(String value) { environment = value; return this; }
        public Builder tier(String value) { tier = value; return this; }
        public Builder outcome(String value) { outcome = value; return this; }
        public Builder comment(String value) { comment = value; return this; }
        public Builder details(Map<String, Object> value) { details = value; return this; }

        public AuditEvent build() {
            return new AuditEvent(type, requestId, actor, actorKind, remoteAddress, planHash, agentId, requestedBy,
                    service, environment, tier, outcome, comment, details);
        }
    }
}
