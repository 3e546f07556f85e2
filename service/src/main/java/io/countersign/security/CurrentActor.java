package io.countersign.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Turns the authenticated principal of the current request into an {@link Actor}. */
@Component
public class CurrentActor {

    public Actor get(HttpServletRequest request) {
        return from(SecurityContextHolder.getContext().getAuthentication(), request.getRemoteAddr());
    }

    public static Actor from(Authentication authentication, String remoteAddress) {
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            throw new IllegalStateException("no authenticated user");
        }
        Set<String> roles = new HashSet<>();
        Set<String> groups = new HashSet<>();
        Set<String> actsFor = new HashSet<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name.startsWith("ROLE_")) {
                roles.add(name.substring("ROLE_".length()));
            } else if (name.startsWith(Roles.GROUP_PREFIX)) {
                groups.add(name.substring(Roles.GROUP_PREFIX.length()));
            } else if (name.startsWith(Roles.ACTS_FOR_PREFIX)) {
                actsFor.add(name.substring(Roles.ACTS_FOR_PREFIX.length()));
            }
        }
        String kind = roles.contains(Roles.AGENT) ? Actor.AGENT : Actor.HUMAN;
        String credentialId = authentication instanceof AgentAuthentication agent ? agent.token().id() : null;
        return new Actor(authentication.getName(), kind, roles, groups, remoteAddress, actsFor, credentialId);
    }
}
