package io.countersign.ui.inbox;

import java.time.Instant;
import java.util.Comparator;

/**
 * Inbox order: riskiest tier first; within a tier the task whose SLA ran out earliest (so overdue before due
 * soon, and tasks without an SLA last); then the newest submission.
 */
final class MostUrgentFirst {

    static final Comparator<InboxItem> ORDER = Comparator
            .comparingInt((InboxItem item) -> item.tier().rank()).reversed()
            .thenComparing(InboxItem::slaDueAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(InboxItem::submittedAt, Comparator.reverseOrder());

    private MostUrgentFirst() {
    }
}
