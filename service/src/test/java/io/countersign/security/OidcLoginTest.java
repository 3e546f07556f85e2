package io.countersign.security;

import static io.countersign.support.Plans.recreateProductionEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.approval.Approvals;
import io.countersign.approval.DecisionOutcome;
import io.countersign.approval.DecisionRefused;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Signing in through an OIDC provider: the identity is (issuer, subject), an admin links it to a directory user, and
 * that user's roles and groups are what count. No provider is contacted: the ID token is handed to the same user
 * service the login uses, as the provider would hand it over.
 */
class OidcLoginTest extends AppTest {

    private static final String ISSUER = "https://idp.example";
    private static final Actor ADMIN = new Actor("admin", Actor.HUMAN, Set.of(Roles.ADMIN), Set.of(), "127.0.0.1");
    private static final OidcSettings SETTINGS = new OidcSettings(true, "sso", "groups", "/",
            List.of("engineering"), List.of("sre", "cost-explorer-approvers"), List.of("audit"), List.of("it-admins"));

    @Autowired
    OidcIdentities identities;
    @Autowired
    UserDirectory users;
    @Autowired
    Approvals approvals;

    private OidcLoginConfiguration.OidcLogin login() {
        return new OidcLoginConfiguration.OidcLogin(new OidcAuthorities(SETTINGS), registration(), identities, users);
    }

    @Test
    void anUnlinkedIdentityIsNotSignedInWhateverItsGroupsSay() {
        String subject = "unlinked-" + UUID.randomUUID();

        assertThatThrownBy(() -> signIn(subject, Map.of("preferred_username", "dave",
                "groups", List.of("/engineering", "/sre"))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("not linked to a Countersign user");
    }

    @Test
    void aLinkedIdentityIsItsDirectoryUserWithTheDirectorysGroupsNotItsPreferredUsername() {
        String subject = linkedTo("dave");

        OidcUser user = signIn(subject, Map.of("preferred_username", "bob", "name", "Dave Ops",
                "groups", List.of("/engineering", "/cost-explorer-approvers", "/coffee-club")));

        assertThat(user.getName()).isEqualTo("dave");
        assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ENGINEER", "ROLE_APPROVER", "GROUP_sre", "GROUP_sre-leads");
        Actor actor = CurrentActor.from(authenticated(user), "10.0.0.1");
        assertThat(actor.name()).isEqualTo("dave");
        assertThat(actor.groups()).containsExactlyInAnyOrder("sre", "sre-leads");
    }

    @Test
    void someoneWhoseGroupsGrantNoRoleIsNotSignedInEvenWhenLinked() {
        String subject = linkedTo("carol");

        assertThatThrownBy(() -> signIn(subject, Map.of("preferred_username", "carol", "groups", List.of("/coffee-club"))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("None of your groups grants a Countersign role");
    }

    @Test
    void aLocalLoginAndAnSsoLoginOfTheSamePersonCannotGiveBothApprovalsOfACriticalPlan() {
        String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        String task = taskOf("bob", id);
        assertThat(decide("bob", task, "APPROVE", "owning team: snapshot verified").status()).isEqualTo(200);

        OidcUser sso = signIn(linkedTo("bob"), Map.of("preferred_username", "robert.sso",
                "groups", List.of("/engineering", "/cost-explorer-approvers")));
        Actor viaSso = CurrentActor.from(authenticated(sso), "10.0.0.2");

        assertThat(viaSso.name()).isEqualTo("bob");
        assertThatThrownBy(() -> approvals.decide(task, viaSso, DecisionOutcome.APPROVE, "approving again via SSO"))
                .isInstanceOf(DecisionRefused.AlreadyDecided.class);
        Response request = as("alice").get("/api/v1/change-requests/" + id);
        assertThat(request.text("status")).isEqualTo("PENDING_APPROVAL");
        assertThat(request.json().path("approvals").findValuesAsText("approver")).containsExactly("bob");
    }

    @Test
    void linkingAndUnlinkingIsForAdminsAndAuditedWithBeforeAndAfter() {
        String subject = "audited-" + UUID.randomUUID();
        Map<String, Object> link = Map.of("issuer", ISSUER, "subject", subject, "username", "Carol");

        assertThat(as("bob").post("/api/v1/admin/oidc-identities", link).status()).isEqualTo(403);
        Response linked = as("admin").post("/api/v1/admin/oidc-identities", link);
        Response moved = as("admin").post("/api/v1/admin/oidc-identities",
                Map.of("issuer", ISSUER, "subject", subject, "username", "dave"));
        Response unlinked = as("admin").post("/api/v1/admin/oidc-identities/unlink",
                Map.of("issuer", ISSUER, "subject", subject));

        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.text("username")).isEqualTo("carol");
        assertThat(moved.text("username")).isEqualTo("dave");
        assertThat(unlinked.status()).isEqualTo(204);
        assertThat(identities.userFor(ISSUER, subject)).isEmpty();
        List<String> changes = new java.util.ArrayList<>();
        for (String type : List.of("OIDC_IDENTITY_LINKED", "OIDC_IDENTITY_UNLINKED")) {
            as("admin").get("/api/v1/audit/events?type=" + type + "&limit=500").json().path("items").forEach(e -> {
                if (subject.equals(e.path("details").path("subject").asText())) {
                    changes.add(e.path("actor").asText() + ":" + e.path("details").path("before").asText()
                            + "->" + e.path("details").path("after").asText());
                }
            });
        }
        assertThat(changes).containsExactlyInAnyOrder("admin:->carol", "admin:carol->dave", "admin:dave->");
    }

    @Test
    void anIdentityCanOnlyBeLinkedToAUserInTheDirectory() {
        Response refused = as("admin").post("/api/v1/admin/oidc-identities",
                Map.of("issuer", ISSUER, "subject", "s-" + UUID.randomUUID(), "username", "nobody"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("username");
    }

    @Test
    void anSsoSessionFollowsTheLinkOnEveryRequestAndEndsWhenTheLinkIsRemoved() throws Exception {
        String subject = linkedTo("dave");
        Authentication session = authenticated(signIn(subject, Map.of("preferred_username", "dave",
                "groups", List.of("/engineering", "/sre"))));
        DirectoryRefresh refresh = new DirectoryRefresh(users, identities);

        Authentication asDave = afterRefresh(refresh, session);
        identities.link(ISSUER, subject, "carol", ADMIN);
        Authentication asCarol = afterRefresh(refresh, session);
        identities.unlink(ISSUER, subject, ADMIN);
        Authentication unlinked = afterRefresh(refresh, session);

        assertThat(asDave.getName()).isEqualTo("dave");
        assertThat(CurrentActor.from(asDave, "10.0.0.3").groups()).contains("sre");
        assertThat(asCarol.getName()).isEqualTo("carol");
        assertThat(CurrentActor.from(asCarol, "10.0.0.3").groups()).containsExactly("cost-explorer-approvers");
        assertThat(unlinked).isNull();
    }

    /** What the rest of the request sees once the filter has run over a session holding this authentication. */
    private static Authentication afterRefresh(DirectoryRefresh refresh, Authentication session) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(session);
        AtomicReference<Authentication> seen = new AtomicReference<>();
        try {
            refresh.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                    (request, response) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
        } finally {
            SecurityContextHolder.clearContext();
        }
        return seen.get();
    }

    private String linkedTo(String username) {
        String subject = "subject-" + UUID.randomUUID();
        identities.link(ISSUER, subject, username, ADMIN);
        return subject;
    }

    private OidcUser signIn(String subject, Map<String, Object> claims) {
        Instant now = Instant.now();
        Map<String, Object> all = new HashMap<>(claims);
        all.put("sub", subject);
        all.put("iss", ISSUER);
        OidcIdToken idToken = new OidcIdToken("id-token", now, now.plusSeconds(300), all);
        OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-token",
                now, now.plusSeconds(300));
        return login().userService().loadUser(new OidcUserRequest(registration(), accessToken, idToken));
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
