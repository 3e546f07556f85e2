package io.countersign.ui.inbox;

import io.countersign.ui.shared.Durations;
import java.time.Duration;
import java.time.Instant;

/** An inbox item with its SLA put into words at the moment the page is rendered. */
record InboxRow(InboxItem item, boolean overdue, String slaText) {

    static InboxRow of(InboxItem item, Instant now) {
        if (item.slaDueAt() == null) {
            return new InboxRow(item, false, "no SLA");
        }
        Duration left = Duration.between(now, item.slaDueAt());
        if (left.isNegative()) {
            return new InboxRow(item, true, "overdue by " + Durations.humanize(left.negated()));
        }
        return new InboxRow(item, false, "due in " + Durations.humanize(left));
    }
}
