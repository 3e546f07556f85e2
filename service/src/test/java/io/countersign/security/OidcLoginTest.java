package io.countersign.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Signing in through an OIDC provider: the groups claim decides roles and approver groups, exactly as the database
 * does for form login. No provider is contacted: the ID token is handed over as the provider would.
 */
class OidcLoginTest {

    private static final OidcSettings SETTINGS = new OidcSettings(true, "sso", "groups", "/",
            List.of("engineering"), List.of("sre", "cost-explorer-approvers"), List.of("audit"), List.of("it-admins"));

    private final OidcLoginConfiguration.OidcLogin login =
            new OidcLoginConfiguration.OidcLogin(new OidcAuthorities(SETTINGS), registration());

    @Test
    void anSreEngineerBecomesAnApproverInTheSreGroupUnderTheirPreferredUsername() {
        OidcUser user = signIn(Map.of("preferred_username", "dana", "name", "Dana Ops",
                "groups", List.of("/engineering", "/sre", "/coffee-club")));

        assertThat(user.getName()).isEqualTo("dana");
        assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ENGINEER", "ROLE_APPROVER", "GROUP_sre");
        Actor actor = CurrentActor.from(authenticated(user), "10.0.0.1");
        assertThat(actor.groups()).containsExactly("sre");
        assertThat(actor.isAgent()).isFalse();
    }

    @Test
    void aGroupsClaimSentAsOneStringIsSplit() {
        OidcUser user = signIn(Map.of("preferred_username", "eve", "groups", "audit it-admins"));

        assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_AUDITOR", "ROLE_ADMIN");
    }

    @Test
    void someoneWhoseGroupsGrantNoRoleIsNotSignedIn() {
        assertThatThrownBy(() -> signIn(Map.of("preferred_username", "mallory", "groups", List.of("/coffee-club"))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("None of your groups grants a Countersign role");
    }

    private OidcUser signIn(Map<String, Object> claims) {
        Instant now = Instant.now();
        Map<String, Object> all = new HashMap<>(claims);
        all.put("sub", "subject-" + claims.get("preferred_username"));
        all.put("iss", "https://idp.example");
        OidcIdToken idToken = new OidcIdToken("id-token", now, now.plusSeconds(300), all);
        OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-token",
                now, now.plusSeconds(300));
        return login.userService().loadUser(new OidcUserRequest(registration(), accessToken, idToken));
    }

    private static Authentication authenticated(OidcUser user) {
        return new OAuth2AuthenticationToken(user, user.getAuthorities(), "sso");
    }

    /** No user-info endpoint, so the claims come from the ID token alone and nothing is fetched. */
    private static ClientRegistration registration() {
        return ClientRegistration.withRegistrationId("sso")
                .clientId("countersign")
                .clientSecret("not-a-secret")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile")
                .authorizationUri("https://idp.example/authorize")
                .tokenUri("https://idp.example/token")
                .jwkSetUri("https://idp.example/jwks")
                .userNameAttributeName("preferred_username")
                .clientName("Example SSO")
                .build();
    }
}
