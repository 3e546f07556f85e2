package io.countersign.ui.request;

import java.time.Instant;

/**
 * One audit event of the request, oldest first in {@link RequestView#timeline()}.
 *
 * @param event  the audit event type, e.g. {@code SUBMITTED}, {@code CLASSIFIED}, {@code DECIDED}
 * @param actor  who or what caused it (a username, an agent id, {@code system}); may be {@code null}
 * @param detail one line for people, may be {@code null}
 */
public record TimelineEntry(Instant at, String event, String actor, String detail) {
}
