package io.countersign.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on through an OpenID Connect provider, off unless {@code enabled} (the {@code oidc} profile turns it
 * on). The provider's groups claim decides who is what: membership of a listed group grants the role; membership of
 * one of {@code approverGroups} makes the person an approver in that Countersign group.
 *
 * @param registrationId the {@code spring.security.oauth2.client.registration.<id>} to sign in with
 * @param groupsClaim    the ID-token or user-info claim listing the person's groups
 * @param groupPrefix    stripped from each claimed group before matching, e.g. {@code /} for Keycloak's group paths
 * @param approverGroups Countersign approver groups (the names {@code countersign.policy.*} routes to), matched
 *                       by name against the claimed groups
 */
@ConfigurationProperties("countersign.security.oidc")
record OidcSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("sso") String registrationId,
        @DefaultValue("groups") String groupsClaim,
        @DefaultValue("") String groupPrefix,
        @DefaultValue List<String> engineerGroups,
        @DefaultValue List<String> approverGroups,
        @DefaultValue List<String> auditorGroups,
        @DefaultValue List<String> adminGroups) {
}
