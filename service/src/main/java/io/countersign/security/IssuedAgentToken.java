package io.countersign.security;

/**
 * A freshly created agent token and the secret its webhook callbacks are signed with. Both exist in clear only here
 * (the database keeps the token's hash and the secret sealed): show them once.
 */
public record IssuedAgentToken(AgentToken details, String token, String webhookSecret) {
}
