package io.countersign.ui.admin;

import io.countersign.ui.shared.Viewer;
import java.util.List;

/** Agent tokens as admins manage them on the Admin page. */
public interface AgentTokenAdmin {

    /** Newest first, revoked and expired ones included. */
    List<AgentTokenRow> tokens(Viewer viewer);

    /**
     * Creates a token; the secret exists only in the result.
     *
     * @throws AgentTokenRefused naming the form field that is not acceptable; nothing is stored
     */
    IssuedToken create(Viewer viewer, NewToken token);

    /** Revokes at once; revoking a revoked token changes nothing. */
    AgentTokenRow revoke(Viewer viewer, String tokenId);
}
