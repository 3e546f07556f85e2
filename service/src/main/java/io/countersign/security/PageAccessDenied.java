package io.countersign.security;

import io.countersign.ui.shared.AccessRefusal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;

/**
 * A refused page: tells the 403 page why (the roles the denying rule required, the page's own reason, or an expired
 * form), then answers 403 as Spring Security does, through the container's error page.
 */
final class PageAccessDenied implements AccessDeniedHandler {

    private final AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (denied instanceof CsrfException) {
            AccessRefusal.formExpired(request);
        } else if (denied instanceof AuthorizationDeniedException refused
                && refused.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
            AccessRefusal.roleRequired(request,
                    decision.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        } else {
            AccessRefusal.refusedBecause(request, denied.getMessage());
        }
        forbidden.handle(request, response, denied);
    }
}
