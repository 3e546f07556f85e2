package io.countersign.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Turns an OIDC groups claim into the same authorities a database user has ({@code ROLE_*} and {@code GROUP_*}),
 * so the rest of Countersign cannot tell how someone signed in.
 */
final class OidcAuthorities {

    private final OidcSettings settings;

    OidcAuthorities(OidcSettings settings) {
        this.settings = settings;
    }

    Set<GrantedAuthority> from(Map<String, Object> claims) {
        Set<String> groups = groups(claims.get(settings.groupsClaim()));
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        grant(authorities, groups, settings.engineerGroups(), Roles.ENGINEER);
        grant(authorities, groups, settings.auditorGroups(), Roles.AUDITOR);
        grant(authorities, groups, settings.adminGroups(), Roles.ADMIN);
        List<String> approverGroups = settings.approverGroups().stream().filter(groups::contains).toList();
        if (!approverGroups.isEmpty()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.APPROVER));
            approverGroups.forEach(g -> authorities.add(new SimpleGrantedAuthority(Roles.GROUP_PREFIX + g)));
        }
        return authorities;
    }

    private static void grant(Set<GrantedAuthority> authorities, Set<String> groups, List<String> roleGroups,
                              String role) {
        if (roleGroups.stream().anyMatch(groups::contains)) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
        }
    }

    /** Providers send the claim as a JSON array, or as one space- or comma-separated string. */
    private Set<String> groups(Object claim) {
        Collection<?> raw = switch (claim) {
            case null -> List.of();
            case Collection<?> list -> list;
            case String text -> Arrays.asList(text.split("[,\\s]+"));
            default -> List.of(claim);
        };
        List<String> groups = new ArrayList<>();
        for (Object value : raw) {
            String group = String.valueOf(value).strip();
            if (!settings.groupPrefix().isEmpty() && group.startsWith(settings.groupPrefix())) {
                group = group.substring(settings.groupPrefix().length());
            }
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return new LinkedHashSet<>(groups);
    }
}
