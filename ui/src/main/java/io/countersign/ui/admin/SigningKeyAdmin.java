package io.countersign.ui.admin;

import io.countersign.ui.shared.Viewer;
import java.util.List;

/** The keys that sign approval tokens. */
public interface SigningKeyAdmin {

    /** Newest first. */
    List<SigningKeyRow> keys(Viewer viewer);

    /** A new key signs from now on; the previous ones only verify. */
    SigningKeyRow rotate(Viewer viewer);

    /**
     * Stops a key verifying: every approval token it signed becomes invalid.
     *
     * @throws AdminActionRefused with a sentence the page shows, e.g. for the key that signs new tokens
     */
    SigningKeyRow retire(Viewer viewer, String kid);
}
