package io.countersign.ui.admin;

import java.time.Instant;

/**
 * A signing key as the Admin page lists it.
 *
 * @param status {@code ACTIVE} (signs new tokens), {@code VERIFY_ONLY} or {@code RETIRED}
 */
public record SigningKeyRow(String kid, String algorithm, String status, Instant createdAt, Instant retiredAt) {

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public boolean retired() {
        return "RETIRED".equals(status);
    }
}
