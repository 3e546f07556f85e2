package io.countersign.security;

/** No agent token with this id exists. */
public class AgentTokenNotFound extends RuntimeException {
    public AgentTokenNotFound(String id) {
        super("no agent token " + id);
    }
}
