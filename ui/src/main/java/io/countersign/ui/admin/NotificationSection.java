package io.countersign.ui.admin;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The Admin page's "Notifications" section: the most recent messages and whether they went out. */
@ControllerAdvice(assignableTypes = AdminPageController.class)
class NotificationSection {

    private static final int SHOWN = 50;

    private final NotificationLog log;

    NotificationSection(NotificationLog log) {
        this.log = log;
    }

    @ModelAttribute("notifications")
    java.util.List<NotificationLog.NotificationRow> notifications() {
        return log.recent(SHOWN);
    }
}
