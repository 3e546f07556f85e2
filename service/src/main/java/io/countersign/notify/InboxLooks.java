package io.countersign.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** When each person last looked at their inbox (table {@code inbox_visit}, V15). */
@Service
public class InboxLooks {

    private final JdbcClient jdbc;

    InboxLooks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that the person looks now; returns when they looked before, if ever. */
    @Transactional
    public Optional<Instant> lookNow(String username, Instant now) {
        Optional<Instant> before = jdbc.sql("select looked_at from inbox_visit where username = ? for update")
                .param(username).query(Timestamp.class).optional().map(Timestamp::toInstant);
        if (before.isPresent()) {
            jdbc.sql("update inbox_visit set looked_at = ? where username = ?").params(Timestamp.from(now), username)
                    .update();
        } else {
            try {
                jdbc.sql("insert into inbox_visit (username, looked_at) values (?, ?)")
                        .params(username, Timestamp.from(now)).update();
            } catch (DuplicateKeyException sameFirstLookInAnotherTab) {
                // the other tab recorded the look; this one has nothing to add
            }
        }
        return before;
    }
}
