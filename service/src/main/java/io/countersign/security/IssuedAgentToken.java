package io.countersign.security;

/** A freshly created agent token. {@code token} exists only here (the database keeps its hash): show it once. */
public record IssuedAgentToken(AgentToken details, String token) {
}
