package io.countersign.security;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an admin asks for when creating an agent token. Checks itself, so no caller can create a token unbound; its
 * engineers are canonical user names. Whether they exist, and whether the agent id is free of people's names, only
 * the directory knows: {@link AgentTokens#create} checks that.
 */
public record NewAgentToken(String agentId, List<String> engineers, Duration validFor, String description,
                            Integer requestsPerMinute) {

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");
    public static final Duration MAX_VALIDITY = Duration.ofDays(365);

    public NewAgentToken {
        if (agentId == null || !AGENT_ID.matcher(agentId).matches()) {
            throw new InvalidAgentToken("agentId", "must be 1-100 letters, digits or . _ : @ -");
        }
        if (engineers == null || engineers.isEmpty() || engineers.size() > 100) {
            throw new InvalidAgentToken("engineers", "must name 1-100 engineers the agent may act for");
        }
        java.util.Set<String> canonical = new java.util.LinkedHashSet<>();
        for (String engineer : engineers) {
            canonical.add(PersonName.parse(engineer)
                    .orElseThrow(() -> new InvalidAgentToken("engineers", "must be user names"))
                    .value());
        }
        engineers = List.copyOf(canonical);
        if (validFor == null || validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_VALIDITY) > 0) {
            throw new InvalidAgentToken("validFor", "must be positive and at most " + MAX_VALIDITY.toDays() + " days");
        }
        if (description != null && description.length() > 500) {
            throw new InvalidAgentToken("description", "must be at most 500 characters");
        }
        if (requestsPerMinute != null && (requestsPerMinute < 1 || requestsPerMinute > 100_000)) {
            throw new InvalidAgentToken("requestsPerMinute", "must be between 1 and 100000");
        }
    }

    /** A field of a new agent token is not acceptable. */
    public static class InvalidAgentToken extends RuntimeException {
        private final String field;

        public InvalidAgentToken(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
