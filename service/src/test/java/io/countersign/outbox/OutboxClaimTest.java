package io.countersign.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.AppTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * A row claimed by a sender leaves the sweep's hands while the claim holds, so the two never send it at the same time;
 * once the claim runs out (the sender crashed mid-send) the sweep sends it.
 */
class OutboxClaimTest extends AppTest {

    @Autowired
    OutboxPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSweepLeavesAClaimedRowAloneAndSendsItOnceTheClaimRunsOut() {
        // As a sender that crashed after taking its claim leaves it: claimed, never sent.
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into outbox (kind, payload, created_at, claimed_until)
                        values (?, ?, ?, ?)""")
                .params(Outbox.PUBLISH_MESSAGE, """
                        {"name":"countersign-test-nobody-listens","correlationKey":"nobody","messageId":"%s",\
                        "variables":{}}""".formatted("claim-test-" + UUID.randomUUID()), Timestamp.from(Instant.now()),
                        Timestamp.from(Instant.now().plus(Duration.ofMinutes(5))))
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();

        // What the sweep does with each unsent row; the sweep itself would also take rows of the other application
        // contexts that share the PostgreSQL test database.
        publisher.send(id);
        assertThat(row(id).publishedAt()).as("still claimed: not the sweep's").isNull();
        assertThat(row(id).attempts()).isZero();

        jdbc.sql("update outbox set claimed_until = ? where id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), id).update();
        publisher.send(id);
        assertThat(row(id).publishedAt()).as("the claim ran out: the sweep sends it").isNotNull();
        assertThat(row(id).attempts()).isEqualTo(1);
    }

    private Row row(long id) {
        return jdbc.sql("select published_at, attempts from outbox where id = ?").param(id)
                .query((rs, n) -> new Row(rs.getTimestamp(1), rs.getInt(2)))
                .single();
    }

    private record Row(Timestamp publishedAt, int attempts) {
    }
}
