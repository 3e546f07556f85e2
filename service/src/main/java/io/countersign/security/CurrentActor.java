package io.countersign.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
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
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return from(authentication, request.getRemoteAddr(),
                signInMethod(authentication, request.getHeader(HttpHeaders.AUTHORIZATION)));
    }

    /**
     * How the request was authenticated, for the record of a decision: a session from the login form, HTTP Basic
     * (seen in the request's {@code Authorization} header, null where there is none), a single sign-on session (with
     * the ID token's {@code amr}, the methods the provider says it used), or an agent token.
     */
    public static String signInMethod(Authentication authentication, String authorizationHeader) {
        if (authentication instanceof AgentAuthentication) {
            return "agent-token";
        }
        if (authentication instanceof OAuth2AuthenticationToken sso) {
            List<String> amr = sso.getPrincipal() instanceof OidcUser oidc && oidc.getIdToken() != null
                    ? oidc.getIdToken().getClaimAsStringList("amr") : null;
            return amr == null || amr.isEmpty() ? "oidc" : "oidc (amr: " + String.join(", ", amr) + ")";
        }
        return authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)
                ? "basic" : "form";
    }

    public static Actor from(Authentication authentication, String remoteAddress) {
        return from(authentication, remoteAddress, null);
    }

    private static Actor from(Authentication authentication, String remoteAddress, String signInMethod) {
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
        return new Actor(authentication.getName(), kind, roles, groups, remoteAddress, actsFor, credentialId,
                signInMethod);
    }
}
