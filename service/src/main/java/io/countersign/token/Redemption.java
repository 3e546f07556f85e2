package io.countersign.token;

import java.time.Instant;
import java.util.List;

/**
 * A spent approval token: the one execution it started, what the token attests, and who redeemed it when.
 */
public record Redemption(String executionId, String jti, String requestId, String planHash, String tier,
                         List<String> approvers, Instant expiresAt, Instant redeemedAt, String redeemedBy) {

    public Redemption {
        approvers = List.copyOf(approvers);
    }
}
