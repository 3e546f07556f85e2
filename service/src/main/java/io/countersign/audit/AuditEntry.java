package io.countersign.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One stored audit entry as auditors see it. {@code seq}, {@code prevHash} and {@code hash} are null until the entry
 * is sealed into the chain. {@code details} is the canonical JSON text written at append time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"seq", "id", "occurredAt", "type", "requestId", "actor", "actorKind", "remoteAddress",
        "planHash", "agentId", "requestedBy", "service", "environment", "tier", "outcome", "comment", "details",
        "prevHash", "hash"})
public record AuditEntry(
        Long seq,
        long id,
        Instant occurredAt,
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
        @JsonRawValue String details,
        String prevHash,
        String hash) {

    AuditEntry sealed(long position, String previousHash) {
        var unsealed = new AuditEntry(position, id, occurredAt, type, requestId, actor, actorKind, remoteAddress,
                planHash, agentId, requestedBy, service, environment, tier, outcome, comment, details, previousHash,
                null);
        return unsealed.withHash(EntryHash.of(unsealed));
    }

    AuditEntry withHash(String value) {
        return new AuditEntry(seq, id, occurredAt, type, requestId, actor, actorKind, remoteAddress, planHash,
                agentId, requestedBy, service, environment, tier, outcome, comment, details, prevHash, value);
    }
}
