package io.countersign.outbox;

import java.util.Map;

/** What an outbox row carries: a message to publish, or (with no name) a process to start. */
record OutboxMessage(String name, String correlationKey, String messageId, Map<String, Object> variables) {
}
