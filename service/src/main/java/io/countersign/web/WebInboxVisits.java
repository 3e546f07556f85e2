package io.countersign.web;

import io.countersign.approval.Approvals;
import io.countersign.notify.InboxLooks;
import io.countersign.security.Actor;
import io.countersign.ui.inbox.InboxVisits;
import io.countersign.ui.shared.Viewer;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The inbox's "new since you last looked" and the tab title's count, over {@link InboxLooks} and {@link Approvals}. */
@Component
class WebInboxVisits implements InboxVisits {

    private static final int LIMIT = 500;

    private final InboxLooks looks;
    private final Approvals approvals;

    WebInboxVisits(InboxLooks looks, Approvals approvals) {
        this.looks = looks;
        this.approvals = approvals;
    }

    @Override
    public Optional<Instant> lookNow(Viewer viewer, Instant now) {
        return looks.lookNow(viewer.username(), now);
    }

    /** Open approvals the one judge would let the viewer decide now (not their own, not ones they decided). */
    @Override
    public int openForMe(Viewer viewer) {
        Actor actor = WebViewers.actor(viewer);
        return (int) approvals.inbox(actor, LIMIT).stream()
                .filter(entry -> !approvals.allowedDecisions(actor, entry.requestId()).isEmpty())
                .count();
    }
}
