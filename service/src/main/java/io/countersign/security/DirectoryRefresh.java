package io.countersign.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads who someone is from the directory on every request, so roles and approver groups are today's, not those of
 * the moment they signed in: an approver removed from a group cannot decide for it on their next request, whether
 * they came through the login form, HTTP Basic or single sign-on. A person the directory no longer has, or has
 * disabled, or an SSO identity no longer linked, is signed out (their session ends) and the request goes on as
 * anonymous, which the authorization rules then refuse.
 *
 * <p>The refreshed authentication is for this request only; nothing is written back into the session.
 */
final class DirectoryRefresh extends OncePerRequestFilter {

    private final UserDirectory users;
    private final OidcIdentities identities;

    DirectoryRefresh(UserDirectory users, OidcIdentities identities) {
        this.users = users;
        this.identities = identities;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken)) {
            Optional<Authentication> refreshed = refresh(current);
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            if (refreshed.isPresent()) {
                context.setAuthentication(refreshed.get());
            } else {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            }
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private Optional<Authentication> refresh(Authentication current) {
        if (current instanceof AgentAuthentication) {
            // A token is looked up on every request already; who it acts for is checked when it submits.
            return Optional.of(current);
        }
        if (current instanceof OAuth2AuthenticationToken sso && sso.getPrincipal() instanceof OidcUser oidc) {
            String issuer = oidc.getIdToken().getIssuer() == null ? null : oidc.getIdToken().getIssuer().toString();
            return identities.userFor(issuer, oidc.getSubject())
                    .flatMap(name -> users.find(name.value()))
                    .filter(UserDirectory.Person::enabled)
                    .map(person -> new OAuth2AuthenticationToken(
                            new DirectoryOidcUser(oidc, person.name(), person.authorities()), person.authorities(),
                            sso.getAuthorizedClientRegistrationId()));
        }
        if (current instanceof OAuth2AuthenticationToken) {
            // A provider login without an ID token has no (issuer, subject); its user name proves nothing.
            return Optional.empty();
        }
        return users.find(current.getName())
                .filter(UserDirectory.Person::enabled)
                .map(person -> {
                    UsernamePasswordAuthenticationToken fresh = UsernamePasswordAuthenticationToken.authenticated(
                            current.getPrincipal(), null, person.authorities());
                    fresh.setDetails(current.getDetails());
                    return fresh;
                });
    }
}
