package io.countersign.ui.inbox;

import io.countersign.ui.shared.SlaState;
import java.time.Instant;

/** An inbox item with its SLA as of the moment the page is rendered. */
public record InboxRow(InboxItem item, SlaState sla) {

    static InboxRow of(InboxItem item, Instant now) {
        return new InboxRow(item, SlaState.of(item.slaDueAt(), now));
    }
}
