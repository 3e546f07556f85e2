package io.countersign.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code notification} table: one row per message to one recipient, with its delivery state for the admin page.
 * The row is the record; the event publication registry is the queue that gets it sent.
 */
@Component
class NotificationQueue {

    static final String EMAIL = "EMAIL";
    static final String CHAT = "CHAT";
    static final String QUEUED = "QUEUED";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";
    private static final int MAX_ERROR = 1000;

    /** A notification as the admin page lists it. */
    record Row(String id, String requestId, String kind, String channel, String recipient, String subject,
               String body, String state, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
               Instant sentAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    NotificationQueue(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Queues one message, in the caller's transaction, unless the same key was queued before (a resubmitted event
     * plans again and must not send twice).
     */
    void queue(String dedupKey, String requestId, String kind, String channel, String recipient, String subject,
               String body) {
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(clock.instant());
        int inserted = jdbc.sql("""
                        insert into notification (id, dedup_key, request_id, kind, channel, recipient, subject, body,
                                                  state, attempts, next_attempt_at, created_at)
                        select ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?
                        where not exists (select 1 from notification where dedup_key = ?)""")
                .params(id, cut(dedupKey, 400), requestId, kind, channel, cut(recipient, 400), cut(subject, 500), body,
                        now, now, cut(dedupKey, 400))
                .update();
        if (inserted == 1) {
            events.publishEvent(new NotificationQueued(id));
        }
    }

    Optional<Row> find(String id) {
        return jdbc.sql("select * from notification where id = ?").param(id).query(NotificationQueue::row).optional();
    }

    List<Row> recent(int limit) {
        return jdbc.sql("select * from notification order by created_at desc, id limit ?").param(limit)
                .query(NotificationQueue::row).list();
    }

    List<Row> forRequest(String requestId) {
        return jdbc.sql("select * from notification where request_id = ? order by created_at, id").param(requestId)
                .query(NotificationQueue::row).list();
    }

    /** Takes a due row for longer than one attempt can last, so a resubmission does not send it meanwhile. */
    boolean claim(String id, Duration lease) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update notification set claimed_until = ?
                        where id = ? and state = 'QUEUED' and next_attempt_at <= ?
                          and (claimed_until is null or claimed_until < ?)""")
                .params(Timestamp.from(now.plus(lease)), id, Timestamp.from(now), Timestamp.from(now))
                .update() == 1;
    }

    /** Whether a resubmission should try the row now: still queued, due, and nobody holds it. */
    boolean isDue(String id) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        select count(*) from notification where id = ? and state = 'QUEUED' and next_attempt_at <= ?
                          and (claimed_until is null or claimed_until < ?)""")
                .params(id, now, now).query(Integer.class).single() == 1;
    }

    boolean isQueued(String id) {
        return jdbc.sql("select count(*) from notification where id = ? and state = 'QUEUED'").param(id)
                .query(Integer.class).single() == 1;
    }

    void sent(String id) {
        jdbc.sql("""
                        update notification set state = 'SENT', sent_at = ?, attempts = attempts + 1,
                                                claimed_until = null, last_error = null, next_attempt_at = null
                        where id = ?""")
                .params(Timestamp.from(clock.instant()), id).update();
    }

    /** Records a failed attempt: the next one at {@code next}, or (null) given up. */
    void failed(String id, int attempts, Instant next, String error) {
        jdbc.sql("""
                        update notification set attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = null,
                                                state = ?
                        where id = ?""")
                .params(attempts, next == null ? null : Timestamp.from(next), cut(error, MAX_ERROR),
                        next == null ? FAILED : QUEUED, id)
                .update();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getString("id"), rs.getString("request_id"), rs.getString("kind"), rs.getString("channel"),
                rs.getString("recipient"), rs.getString("subject"), rs.getString("body"), rs.getString("state"),
                rs.getInt("attempts"), instant(rs.getTimestamp("next_attempt_at")), rs.getString("last_error"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("sent_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s, int max) {
        String v = s == null ? "unknown" : s;
        return v.length() <= max ? v : v.substring(0, max);
    }
}
