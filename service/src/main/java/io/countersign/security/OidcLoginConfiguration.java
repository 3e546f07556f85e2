package io.countersign.security;

import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Sign-in through an OpenID Connect provider, next to the form login, when {@code countersign.security.oidc.enabled}
 * is set. The client registration itself is Spring Boot's ({@code spring.security.oauth2.client.*}); this turns a
 * provider identity into the directory user an admin linked it to ({@link OidcIdentities}), and refuses the rest.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "countersign.security.oidc.enabled", havingValue = "true")
class OidcLoginConfiguration {

    @Bean
    OidcLogin oidcLogin(OidcSettings settings, ClientRegistrationRepository registrations, OidcIdentities identities,
                        UserDirectory users) {
        ClientRegistration registration = registrations.findByRegistrationId(settings.registrationId());
        if (registration == null) {
            throw new IllegalStateException("countersign.security.oidc.enabled is set, but there is no client "
                    + "registration '" + settings.registrationId() + "' under spring.security.oauth2.client."
                    + "registration; see docs/security.md");
        }
        return new OidcLogin(new OidcAuthorities(settings), registration, identities, users);
    }

    /** Applied to the web filter chain by {@link SecurityConfiguration}. */
    static final class OidcLogin {

        private final OidcAuthorities authorities;
        private final ClientRegistration registration;
        private final OidcIdentities identities;
        private final UserDirectory users;
        private final OidcUserService delegate = new OidcUserService();

        OidcLogin(OidcAuthorities authorities, ClientRegistration registration, OidcIdentities identities,
                  UserDirectory users) {
            this.authorities = authorities;
            this.registration = registration;
            this.identities = identities;
            this.users = users;
        }

        ClientRegistration registration() {
            return registration;
        }

        void configure(HttpSecurity http) throws Exception {
            http.oauth2Login(oauth -> oauth
                    .loginPage("/login")
                    .failureUrl("/login?error")
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(userService())));
        }

        /**
         * The provider proves who signed in; Countersign decides who that is. The identity (issuer, subject) must be
         * linked by an admin to a directory user, who must be enabled; roles and approver groups are that user's.
         * The provider's groups claim can still keep someone out (it must grant at least one role), never let
         * anyone in or make them an approver.
         */
        OAuth2UserService<OidcUserRequest, OidcUser> userService() {
            return request -> {
                OidcUser user = delegate.loadUser(request);
                Set<GrantedAuthority> granted = authorities.from(user.getClaims());
                if (granted.isEmpty()) {
                    throw refused("None of your groups grants a Countersign role");
                }
                String issuer = user.getIdToken().getIssuer() == null ? null : user.getIdToken().getIssuer().toString();
                PersonName name = identities.userFor(issuer, user.getSubject()).orElseThrow(() -> refused(
                        "This sign-in (issuer " + issuer + ", subject " + user.getSubject() + ") is not linked to a "
                                + "Countersign user; ask an admin to link it"));
                UserDirectory.Person person = users.find(name.value()).filter(UserDirectory.Person::enabled)
                        .orElseThrow(() -> refused("The Countersign user " + name + " is disabled"));
                // notifications (issue 13): a provider-verified address is where the person is e-mailed
                if (user.getEmail() != null && Boolean.TRUE.equals(user.getEmailVerified())) {
                    users.recordVerifiedEmail(person.name(), user.getEmail());
                }
                return new DirectoryOidcUser(user, person.name(), person.authorities());
            };
        }

        private static OAuth2AuthenticationException refused(String why) {
            return new OAuth2AuthenticationException(new OAuth2Error("access_denied", why, null), why);
        }
    }

    /**
     * Adds the single sign-on link to the ui's login page, which shows it only when present. Being a controller
     * advice makes it a scanned component, so it carries the same condition as the configuration around it.
     */
    @ControllerAdvice(basePackages = "io.countersign.ui.login")
    @ConditionalOnProperty(name = "countersign.security.oidc.enabled", havingValue = "true")
    static final class OidcLoginPageAdvice {

        private final ClientRegistration registration;

        OidcLoginPageAdvice(OidcLogin login) {
            this.registration = login.registration();
        }

        @ModelAttribute
        void ssoLogin(Model model) {
            model.addAttribute("ssoLoginUrl", "/oauth2/authorization/" + registration.getRegistrationId());
            model.addAttribute("ssoName", registration.getClientName());
        }
    }
}
