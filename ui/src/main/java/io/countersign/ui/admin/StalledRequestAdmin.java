package io.countersign.ui.admin;

import io.countersign.ui.shared.Viewer;
import java.util.List;

/** Requests the workflow can no longer move, and what an admin does about them. Implemented by the service. */
public interface StalledRequestAdmin {

    /** Oldest first. */
    List<StalledRequestRow> stalled(Viewer viewer);

    /**
     * Gives the refused step back to the engine; audited.
     *
     * @throws AdminActionRefused with a sentence for the page, e.g. the request is no longer stalled
     */
    void retry(Viewer viewer, String requestId);

    /**
     * Ends the request for good with the admin's reason; audited.
     *
     * @param reason trimmed and not blank (the page asks for it first)
     * @throws AdminActionRefused with a sentence for the page, e.g. the request is no longer stalled
     */
    void close(Viewer viewer, String requestId, String reason);
}
