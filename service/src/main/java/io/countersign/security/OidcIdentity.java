package io.countersign.security;

import java.time.Instant;

/**
 * A single sign-on identity linked to the directory user it is. The provider's (issuer, subject) pair is the key
 * because a provider never gives a subject to someone else, whereas {@code preferred_username} or an e-mail address
 * can change hands.
 */
public record OidcIdentity(String issuer, String subject, String username, String linkedBy, Instant linkedAt) {
}
