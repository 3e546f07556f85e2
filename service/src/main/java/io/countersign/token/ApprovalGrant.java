package io.countersign.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an approval token attests: this request, this exact plan, this tier, approved by these people until then.
 *
 * @param emergency true when one person broke glass: the token says so, and a change freeze does not hold it back
 */
public record ApprovalGrant(String requestId, String planHash, String tier, List<String> approvers, Instant expiresAt,
                            boolean emergency) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ApprovalGrant {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (planHash == null || !SHA256_HEX.matcher(planHash).matches()) {
            throw new IllegalArgumentException("planHash must be a lower-case SHA-256 hex digest");
        }
        approvers = List.copyOf(approvers);
    }

    /** An approval by the ordinary route. */
    public ApprovalGrant(String requestId, String planHash, String tier, List<String> approvers, Instant expiresAt) {
        this(requestId, planHash, tier, approvers, expiresAt, false);
    }
}
