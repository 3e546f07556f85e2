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
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Sign-in through an OpenID Connect provider, next to the form login, when {@code countersign.security.oidc.enabled}
 * is set. The client registration itself is Spring Boot's ({@code spring.security.oauth2.client.*}); this maps the
 * provider's groups to Countersign roles and approver groups, and refuses someone who maps to none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "countersign.security.oidc.enabled", havingValue = "true")
class OidcLoginConfiguration {

    @Bean
    OidcLogin oidcLogin(OidcSettings settings, ClientRegistrationRepository registrations) {
        ClientRegistration registration = registrations.findByRegistrationId(settings.registrationId());
        if (registration == null) {
            throw new IllegalStateException("countersign.security.oidc.enabled is set, but there is no client "
                    + "registration '" + settings.registrationId() + "' under spring.security.oauth2.client."
                    + "registration; see docs/security.md");
        }
        return new OidcLogin(new OidcAuthorities(settings), registration);
    }

    /** Applied to the web filter chain by {@link SecurityConfiguration}. */
    static final class OidcLogin {

        private final OidcAuthorities authorities;
        private final ClientRegistration registration;
        private final OidcUserService delegate = new OidcUserService();

        OidcLogin(OidcAuthorities authorities, ClientRegistration registration) {
            this.authorities = authorities;
            this.registration = registration;
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

        OAuth2UserService<OidcUserRequest, OidcUser> userService() {
            return request -> {
                OidcUser user = delegate.loadUser(request);
                Set<GrantedAuthority> granted = authorities.from(user.getClaims());
                if (granted.isEmpty()) {
                    throw new OAuth2AuthenticationException(new OAuth2Error("access_denied",
                            "None of your groups grants a Countersign role", null));
                }
                String nameAttribute = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint()
                        .getUserNameAttributeName();
                return new DefaultOidcUser(granted, user.getIdToken(), user.getUserInfo(),
                        StringUtils.hasText(nameAttribute) ? nameAttribute : "sub");
            };
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
