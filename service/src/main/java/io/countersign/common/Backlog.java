package io.countersign.common;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Work accepted and not yet done (engine commands, webhook deliveries, audit entries waiting for the sealer).
 * Declare one as a bean and it becomes a gauge ({@code countersign.backlog.size}, {@code countersign.backlog.age})
 * and a part of health component {@code backlogs}, which is DEGRADED while the oldest item is older than
 * {@link #staleAfter()}:
 *
 * <pre>{@code @Bean Backlog notificationBacklog(JdbcClient jdbc, Clock clock) {
 *     return Backlog.ofRows("notification", Duration.ofMinutes(5), jdbc, clock,
 *             "notification", "created_at", "sent_at is null");
 * }}</pre>
 */
public interface Backlog {

    /** Short, stable, lower case: the {@code backlog} tag of the gauges and the key in the health details. */
    String name();

    /** How many items wait now. */
    long size();

    /** How long the oldest waiting item has waited; empty when nothing waits. */
    Optional<Duration> oldestAge();

    /** An oldest item older than this means the backlog is not draining. */
    Duration staleAfter();

    /** A backlog of the rows {@code where} selects from {@code table}, aged by its {@code timeColumn}. */
    static Backlog ofRows(String name, Duration staleAfter, JdbcClient jdbc, Clock clock, String table,
            String timeColumn, String where) {
        String count = "select count(*) from " + table + " where " + where;
        String oldest = "select min(" + timeColumn + ") from " + table + " where " + where;
        return of(name, staleAfter, () -> jdbc.sql(count).query(Long.class).single(), () -> jdbc.sql(oldest)
                .query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .single()
                .map(at -> Duration.between(at.toInstant(), clock.instant()))
                .map(age -> age.isNegative() ? Duration.ZERO : age));
    }

    static Backlog of(String name, Duration staleAfter, LongSupplier size, Supplier<Optional<Duration>> oldestAge) {
        return new Backlog() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return size.getAsLong();
            }

            @Override
            public Optional<Duration> oldestAge() {
                return oldestAge.get();
            }

            @Override
            public Duration staleAfter() {
                return staleAfter;
            }
        };
    }
}
