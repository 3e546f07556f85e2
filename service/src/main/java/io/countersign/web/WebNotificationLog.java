package io.countersign.web;

import io.countersign.notify.RecentNotifications;
import io.countersign.ui.admin.NotificationLog;
import java.util.List;
import org.springframework.stereotype.Component;

/** The Admin page's notification list over {@link RecentNotifications}. */
@Component
class WebNotificationLog implements NotificationLog {

    private final RecentNotifications notifications;

    WebNotificationLog(RecentNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public List<NotificationRow> recent(int limit) {
        return notifications.recent(limit).stream()
                .map(d -> new NotificationRow(d.createdAt(), d.requestId(), d.kind(), d.channel(), d.recipient(),
                        d.subject(), d.state(), d.attempts(), d.nextAttemptAt(), d.lastError()))
                .toList();
    }
}
