package io.countersign.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who is acting: a person or an agent, with their roles and approver groups as the security layer established them.
 *
 * @param kind {@code HUMAN} or {@code AGENT}
 */
public record Actor(String name, String kind, Set<String> roles, Set<String> groups, String remoteAddress) {

    public static final String HUMAN = "HUMAN";
    public static final String AGENT = "AGENT";
    public static final String SYSTEM = "SYSTEM";

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
    }

    public boolean isAgent() {
        return AGENT.equals(kind);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
