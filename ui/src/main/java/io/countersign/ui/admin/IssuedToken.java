package io.countersign.ui.admin;

/**
 * A token just created. {@code secret} (the bearer token) and {@code webhookSecret} (the key that signs the agent's
 * decision callbacks) are shown on the result page once and never again.
 */
public record IssuedToken(AgentTokenRow token, String secret, String webhookSecret) {
}
