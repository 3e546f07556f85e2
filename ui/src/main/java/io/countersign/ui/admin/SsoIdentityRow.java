package io.countersign.ui.admin;

import java.time.Instant;

/** One linked single sign-on identity, as the Admin page lists it. */
public record SsoIdentityRow(String issuer, String subject, String username, String linkedBy, Instant linkedAt) {
}
