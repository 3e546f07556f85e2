package io.countersign.ops;

import io.countersign.policy.Tier;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One grouped count by tier, read at most once per {@code refresh} nanoseconds however many gauges (one per tier)
 * ask during a scrape. The counts are the database's, so every instance reports the same figure: aggregate with
 * {@code max}, not {@code sum}.
 */
final class TierCounts {

    private static final long REFRESH_NANOS = 5_000_000_000L;

    private final JdbcClient jdbc;
    private final String sql;
    private final LongSupplier nanoTime;
    private Map<Tier, Long> counts = new EnumMap<>(Tier.class);
    private long readAt;
    private boolean read;

    /** {@code sql} selects two columns, the tier's name and a count. */
    TierCounts(JdbcClient jdbc, String sql, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.nanoTime = nanoTime;
    }

    synchronized long of(Tier tier) {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt > REFRESH_NANOS) {
            Map<Tier, Long> fresh = new EnumMap<>(Tier.class);
            jdbc.sql(sql).query((rs, row) -> {
                String name = rs.getString(1);
                if (name != null) {
                    fresh.put(Tier.valueOf(name), rs.getLong(2));
                }
                return null;
            }).list();
            counts = fresh;
            readAt = now;
            read = true;
        }
        return counts.getOrDefault(tier, 0L);
    }
}
