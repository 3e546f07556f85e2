package io.countersign.security;

/**
 * A freshly created agent token. {@code token} and {@code webhookSecret} exist only here: the database keeps the
 * token's hash, and the webhook secret is derived again when a callback is signed. Show them once.
 */
public record IssuedAgentToken(AgentToken details, String token, String webhookSecret) {
}
