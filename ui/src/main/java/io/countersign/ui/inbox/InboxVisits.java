package io.countersign.ui.inbox;

import io.countersign.ui.shared.Viewer;
import java.time.Instant;
import java.util.Optional;

/** Port: when the viewer last opened their inbox, so the page can say what arrived since. Implemented by the service. */
public interface InboxVisits {

    /** Records that the viewer looks now and returns when they looked before, if ever. */
    Optional<Instant> lookNow(Viewer viewer, Instant now);

    /** Open approvals the viewer may act on, for the count in the browser tab; zero for non-approvers. */
    int openForMe(Viewer viewer);
}
