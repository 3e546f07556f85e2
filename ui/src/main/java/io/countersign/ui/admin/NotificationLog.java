package io.countersign.ui.admin;

import java.time.Instant;
import java.util.List;

/** Port: recent notifications and their delivery state. Implemented by the service. */
public interface NotificationLog {

    /** One message to one recipient; {@code state} is QUEUED, SENT or FAILED. */
    record NotificationRow(Instant createdAt, String requestId, String kind, String channel, String recipient,
                           String subject, String state, int attempts, Instant nextAttemptAt, String lastError) {
    }

    List<NotificationRow> recent(int limit);
}
