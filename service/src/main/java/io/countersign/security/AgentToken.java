package io.countersign.security;

import java.time.Instant;
import java.util.List;

/**
 * An agent token as admins see it: never the token itself, only its recognisable prefix.
 *
 * @param engineers         who the agent may submit plans for
 * @param requestsPerMinute this token's own rate limit, or null for the configured default
 */
public record AgentToken(
        String id,
        String agentId,
        String tokenPrefix,
        List<String> engineers,
        String description,
        Integer requestsPerMinute,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        boolean revoked,
        String revokedBy,
        Instant revokedAt,
        Instant lastUsedAt) {

    public AgentToken {
        engineers = List.copyOf(engineers);
    }

    public boolean usableAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }
}
