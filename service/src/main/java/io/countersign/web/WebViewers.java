package io.countersign.web;

import io.countersign.security.Actor;
import io.countersign.security.CurrentActor;
import io.countersign.security.UserDirectory;
import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.Viewer;
import io.countersign.ui.shared.ViewerResolver;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * The person behind a web page, from the same authorities the API reads ({@link CurrentActor}), so both doors
 * agree on roles and approver groups.
 */
@Component
class WebViewers implements ViewerResolver {

    private final UserDirectory users;

    WebViewers(UserDirectory users) {
        this.users = users;
    }

    @Override
    public Viewer resolve(Authentication authentication, String remoteAddress) {
        Actor actor = CurrentActor.from(authentication, remoteAddress);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(Role.values()).filter(r -> actor.hasRole(r.name())).forEach(roles::add);
        return new Viewer(actor.name(), displayName(authentication), roles, actor.groups(), remoteAddress);
    }

    /**
     * The viewer as the domain services know people. The web chain admits only the four human roles, so a viewer
     * is never an agent; it signed in with the login form or single sign-on, never with HTTP Basic.
     */
    static Actor actor(Viewer viewer) {
        Set<String> roles = viewer.roles().stream().map(Role::name).collect(Collectors.toSet());
        String signInMethod = CurrentActor.signInMethod(SecurityContextHolder.getContext().getAuthentication(), null);
        return new Actor(viewer.username(), Actor.HUMAN, roles, viewer.approverGroups(), viewer.remoteAddress(),
                Set.of(), null, signInMethod);
    }

    private String displayName(Authentication authentication) {
        if (authentication.getPrincipal() instanceof OidcUser oidc) {
            return oidc.getFullName() != null ? oidc.getFullName() : oidc.getPreferredUsername();
        }
        return users.displayName(authentication.getName()).orElse(null);
    }
}
