package io.countersign.ui.audit;

import java.time.Instant;

/**
 * One audit entry as the page shows it; {@code title} is the title its request was submitted with, if known. {@code seq}, {@code prevHash} and {@code hash} are null while the entry
 * waits to be sealed into the chain (a moment after its transaction commits).
 */
public record AuditRecord(Long seq, long id, Instant occurredAt, String type, String requestId, String actor,
                          String actorKind, String remoteAddress, String planHash, String agentId,
                          String requestedBy, String service, String environment, String tier, String outcome,
                          String comment, String prevHash, String hash, String title) {

    public boolean sealed() {
        return seq != null;
    }
}
