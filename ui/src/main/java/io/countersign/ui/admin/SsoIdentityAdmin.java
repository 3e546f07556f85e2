package io.countersign.ui.admin;

import io.countersign.ui.shared.Viewer;
import java.util.List;

/**
 * Single sign-on identities and the directory users they are. The provider's (issuer, subject) names an identity;
 * only a linked identity can sign in, as the user it is linked to. Every change is audited by the service.
 */
public interface SsoIdentityAdmin {

    /** Every link, by user. */
    List<SsoIdentityRow> identities(Viewer viewer);

    /**
     * Links the identity to a directory user, or moves its link to another user.
     *
     * @throws AdminActionRefused with a sentence the page shows, e.g. for a user the directory does not have
     */
    SsoIdentityRow link(Viewer viewer, String issuer, String subject, String username);

    /**
     * Removes the link; the identity can no longer sign in.
     *
     * @throws AdminActionRefused when there is no such link
     */
    void unlink(Viewer viewer, String issuer, String subject);
}
