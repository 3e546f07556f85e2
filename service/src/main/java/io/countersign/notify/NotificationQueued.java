package io.countersign.notify;

/** One message was queued; its publication in the registry is what gets it sent, and resent until it is. */
record NotificationQueued(String notificationId) {
}
