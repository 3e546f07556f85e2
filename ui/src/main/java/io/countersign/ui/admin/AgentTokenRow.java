package io.countersign.ui.admin;

import java.time.Instant;
import java.util.List;

/** An agent token as the Admin page lists it: never the token, only its recognisable prefix. */
public record AgentTokenRow(String id, String agentId, String name, String tokenPrefix, List<String> engineers,
                            String createdBy, Instant createdAt, Instant expiresAt, boolean revoked,
                            String revokedBy, Instant revokedAt, Instant lastUsedAt) {

    public AgentTokenRow {
        engineers = List.copyOf(engineers);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
