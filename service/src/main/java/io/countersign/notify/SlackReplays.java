package io.countersign.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signatures of Slack requests already seen, in the database (V15), so a replay is refused on every instance and
 * after a restart. Kept a little longer than the timestamp window: past it, the window refuses the request anyway.
 */
@Component
class SlackReplays {

    private final JdbcClient jdbc;
    private final Clock clock;

    SlackReplays(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True the first time this signature is seen; false for a replay. Commits on its own (no transaction). */
    boolean firstSight(String signature, Instant signedAt) {
        Instant now = clock.instant();
        Instant keepUntil = (signedAt.isAfter(now) ? signedAt : now).plus(SlackSignature.WINDOW.multipliedBy(2));
        try {
            return jdbc.sql("insert into slack_interaction_seen (signature, seen_at, expires_at) values (?, ?, ?)")
                    .params(signature, Timestamp.from(now), Timestamp.from(keepUntil)).update() == 1;
        } catch (DuplicateKeyException replay) {
            return false;
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetExpired() {
        jdbc.sql("delete from slack_interaction_seen where expires_at < ?").param(Timestamp.from(clock.instant())).update();
    }
}
