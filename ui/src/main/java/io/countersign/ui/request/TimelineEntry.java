package io.countersign.ui.request;

import java.time.Instant;

/**
 * One audit event of the request, oldest first in {@link RequestView#timeline()}.
 *
 * @param event     the audit event type, e.g. {@code SUBMITTED}, {@code CLASSIFIED}, {@code DECIDED}; the page shows
 *                  it in words ({@code @uiFormat.event})
 * @param actor     who or what caused it (a username, an agent id, {@code system}); may be {@code null}
 * @param detail    one line for people, may be {@code null}
 * @param actorRole what the actor is to this request ("requester", "approver · sre", "agent", "system");
 *                  may be {@code null}
 */
public record TimelineEntry(Instant at, String event, String actor, String detail, String actorRole) {

    public TimelineEntry(Instant at, String event, String actor, String detail) {
        this(at, event, actor, detail, null);
    }
}
