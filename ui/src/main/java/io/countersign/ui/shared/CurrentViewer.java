package io.countersign.ui.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Resolves the {@link Viewer} once per request and keeps it on the request, so the layout and the controller see
 * the same one.
 */
public class CurrentViewer {

    private static final String ATTRIBUTE = CurrentViewer.class.getName();

    private final ViewerResolver resolver;

    CurrentViewer(ViewerResolver resolver) {
        this.resolver = resolver;
    }

    /** The signed-in viewer, or {@code null} on public pages (login, errors before sign-in). */
    public Viewer find(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Viewer viewer) {
            return viewer;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Viewer viewer = resolver.resolve(authentication, request.getRemoteAddr());
        request.setAttribute(ATTRIBUTE, viewer);
        return viewer;
    }

    public Viewer require(HttpServletRequest request) {
        Viewer viewer = find(request);
        if (viewer == null) {
            // Lets Spring Security's entry point send the browser to the login page.
            throw new AuthenticationCredentialsNotFoundException("Sign in to continue");
        }
        return viewer;
    }
}
