package io.countersign.notify;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** The notifications sent or still owed, newest first, with their delivery state, for the admin page. */
@Service
public class RecentNotifications {

    /** One message to one recipient: {@code state} is QUEUED (with the next attempt), SENT or FAILED (given up). */
    public record Delivery(String id, String requestId, String kind, String channel, String recipient, String subject,
                           String state, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                           Instant sentAt) {
    }

    private final NotificationQueue queue;

    RecentNotifications(NotificationQueue queue) {
        this.queue = queue;
    }

    public List<Delivery> recent(int limit) {
        return queue.recent(Math.max(1, Math.min(limit, 500))).stream()
                .map(r -> new Delivery(r.id(), r.requestId(), r.kind(), r.channel(), r.recipient(), r.subject(),
                        r.state(), r.attempts(), r.nextAttemptAt(), r.lastError(), r.createdAt(), r.sentAt()))
                .toList();
    }
}
