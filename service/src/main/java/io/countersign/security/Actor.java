package io.countersign.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who is acting: a person or an agent, with their roles and approver groups as the security layer established them.
 *
 * @param kind    {@code HUMAN} or {@code AGENT}
 * @param actsFor      for an agent, the engineers its token lets it submit for; empty for people
 * @param credentialId for an agent, the id of the token it presented (its webhook secret belongs to that token)
 * @param signInMethod how this request was authenticated ({@code form}, {@code basic}, {@code oidc} with the ID token's
 *     {@code amr} if present, {@code agent-token}); null where nobody signed in (the system)
 */
public record Actor(String name, String kind, Set<String> roles, Set<String> groups, String remoteAddress,
                    Set<String> actsFor, String credentialId, String signInMethod) {

    public static final String HUMAN = "HUMAN";
    public static final String AGENT = "AGENT";
    public static final String SYSTEM = "SYSTEM";

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        // A person is known by one canonical name everywhere (see PersonName); agents have their own namespace.
        if (HUMAN.equals(kind)) {
            name = PersonName.of(name).value();
        }
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
        actsFor = actsFor == null ? Set.of()
                : actsFor.stream().map(PersonName::canonicalOrAsIs).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Actor(String name, String kind, Set<String> roles, Set<String> groups, String remoteAddress) {
        this(name, kind, roles, groups, remoteAddress, Set.of(), null, null);
    }

    public Actor(String name, String kind, Set<String> roles, Set<String> groups, String remoteAddress,
                 Set<String> actsFor, String credentialId) {
        this(name, kind, roles, groups, remoteAddress, actsFor, credentialId, null);
    }

    public Actor(String name, String kind, Set<String> roles, Set<String> groups, String remoteAddress,
                 Set<String> actsFor) {
        this(name, kind, roles, groups, remoteAddress, actsFor, null, null);
    }

    public boolean isAgent() {
        return AGENT.equals(kind);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** True for an agent whose token binds it to this engineer. */
    public boolean mayActFor(String engineer) {
        return isAgent() && engineer != null && actsFor.contains(PersonName.canonicalOrAsIs(engineer));
    }
}
