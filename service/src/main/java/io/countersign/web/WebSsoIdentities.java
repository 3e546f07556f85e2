package io.countersign.web;

import io.countersign.security.OidcIdentities;
import io.countersign.security.OidcIdentity;
import io.countersign.ui.admin.AdminActionRefused;
import io.countersign.ui.admin.SsoIdentityAdmin;
import io.countersign.ui.admin.SsoIdentityRow;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/** The Admin page's single sign-on links over {@link OidcIdentities}, the same service the admin API uses. */
@Component
@PreAuthorize("hasRole('ADMIN')")
class WebSsoIdentities implements SsoIdentityAdmin {

    private final OidcIdentities identities;

    WebSsoIdentities(OidcIdentities identities) {
        this.identities = identities;
    }

    @Override
    public List<SsoIdentityRow> identities(Viewer viewer) {
        return identities.list().stream().map(WebSsoIdentities::row).toList();
    }

    @Override
    public SsoIdentityRow link(Viewer viewer, String issuer, String subject, String username) {
        try {
            return row(identities.link(issuer, subject, username, WebViewers.actor(viewer)));
        } catch (OidcIdentities.InvalidOidcIdentity invalid) {
            throw new AdminActionRefused(capitalized(invalid.field()) + " " + invalid.getMessage() + ".");
        }
    }

    @Override
    public void unlink(Viewer viewer, String issuer, String subject) {
        try {
            identities.unlink(issuer, subject, WebViewers.actor(viewer));
        } catch (OidcIdentities.OidcIdentityNotFound notFound) {
            throw new AdminActionRefused("There is no link for that identity.");
        }
    }

    private static SsoIdentityRow row(OidcIdentity i) {
        return new SsoIdentityRow(i.issuer(), i.subject(), i.username(), i.linkedBy(), i.linkedAt());
    }

    private static String capitalized(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }
}
