package io.countersign.ui.admin;

/** A token just created. {@code secret} is shown on the result page once and never again. */
public record IssuedToken(AgentTokenRow token, String secret) {
}
