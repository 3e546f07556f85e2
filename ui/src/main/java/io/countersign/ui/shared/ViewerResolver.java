package io.countersign.ui.shared;

import org.springframework.security.core.Authentication;

/**
 * Port: turns the authenticated principal into a {@link Viewer}. Implemented by the service, which owns the user
 * store, the roles and the approver-group memberships.
 */
public interface ViewerResolver {

    /**
     * @param authentication an authenticated, non-anonymous principal
     * @param remoteAddress  the client address as the servlet container sees it (forwarded headers already applied)
     */
    Viewer resolve(Authentication authentication, String remoteAddress);
}
