package io.countersign.ui.inbox;

import io.countersign.ui.shared.SlaState;
import java.time.Instant;

/**
 * An inbox item with its deadlines as of the moment the page is rendered.
 *
 * @param sla    time to escalation
 * @param expiry time to expiry ("expires in 3h"); {@code null} if the approval never expires
 */
public record InboxRow(InboxItem item, SlaState sla, SlaState expiry) {

    static InboxRow of(InboxItem item, Instant now) {
        return new InboxRow(item, SlaState.of(item.slaDueAt(), now),
                item.expiresAt() == null ? null : SlaState.expiry(item.expiresAt(), now));
    }
}
