package io.countersign.web;

import io.countersign.token.SigningKeyNotFound;
import io.countersign.token.SigningKeyRefused;
import io.countersign.token.SigningKeys;
import io.countersign.ui.admin.AdminActionRefused;
import io.countersign.ui.admin.SigningKeyAdmin;
import io.countersign.ui.admin.SigningKeyRow;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/** The Admin page's signing keys over {@link SigningKeys}. */
@Component
@PreAuthorize("hasRole('ADMIN')")
class WebSigningKeys implements SigningKeyAdmin {

    private final SigningKeys keys;

    WebSigningKeys(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public List<SigningKeyRow> keys(Viewer viewer) {
        return keys.list().stream().map(WebSigningKeys::row).toList();
    }

    @Override
    public SigningKeyRow rotate(Viewer viewer) {
        return row(keys.rotate(WebViewers.actor(viewer)));
    }

    @Override
    public SigningKeyRow retire(Viewer viewer, String kid) {
        try {
            return row(keys.retire(kid, WebViewers.actor(viewer)));
        } catch (SigningKeyNotFound notFound) {
            throw new AdminActionRefused("There is no signing key " + kid + ".");
        } catch (SigningKeyRefused refused) {
            throw new AdminActionRefused("Not retired: " + refused.getMessage() + ".");
        }
    }

    private static SigningKeyRow row(SigningKeys.KeyInfo key) {
        return new SigningKeyRow(key.kid(), key.algorithm(), key.status().name(), key.createdAt(), key.retiredAt());
    }
}
