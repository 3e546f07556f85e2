package io.countersign.audit;

import static io.countersign.audit.AuditFixtures.decided;
import static io.countersign.audit.AuditFixtures.submitted;
import static io.countersign.audit.AuditFixtures.uniqueRequestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@AuditSliceTest
class AuditLogTest {

    @Autowired
    AuditLog auditLog;
    @Autowired
    ChainSealer sealer;
    @Autowired
    AuditQueries queries;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    AuditProperties properties;

    @Test
    void eachSealedEntryLinksToTheHashOfThePreviousOne() {
        String requestId = uniqueRequestId();
        long first = auditLog.append(submitted(requestId));
        long second = auditLog.append(decided(requestId, "bob", "APPROVE"));
        sealer.sealPending();

        var firstLink = jdbc.queryForMap("SELECT seq, hash FROM audit_chain WHERE entry_id = ?", first);
        var secondLink = jdbc.queryForMap("SELECT seq, prev_hash FROM audit_chain WHERE entry_id = ?", second);
        assertThat((Long) secondLink.get("seq")).isEqualTo((Long) firstLink.get("seq") + 1);
        assertThat(secondLink.get("prev_hash")).isEqualTo(firstLink.get("hash"));
        assertThat(queries.verify().valid()).isTrue();
    }

    @Test
    void appendJoinsTheCallersTransactionSoARollbackLeavesNoEntry() {
        String requestId = uniqueRequestId();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            auditLog.append(submitted(requestId));
            status.setRollbackOnly();
        });
        sealer.sealPending();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE request_id = ?", Long.class,
                requestId)).isZero();
        assertThat(queries.verify().valid()).isTrue();
    }

    @Test
    void sealerSealsCommittedEntriesByItselfAfterCommit() {
        long id = auditLog.append(submitted(uniqueRequestId()));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM audit_chain WHERE entry_id = ?", Long.class, id) == 1);
    }

    @Test
    void anEntryInsertedWithoutTheAuditLogIsQueuedAndSealedAllTheSame() {
        String requestId = uniqueRequestId();
        jdbc.update("INSERT INTO audit_entry (occurred_at, event_type, request_id, actor, actor_kind, details)"
                + " VALUES (CURRENT_TIMESTAMP, 'SUBMITTED', ?, 'someone', 'HUMAN', '{}')", requestId);
        sealer.sealPending();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_chain c JOIN audit_entry e ON e.id = c.entry_id"
                + " WHERE e.request_id = ?", Long.class, requestId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_pending", Long.class)).isZero();
        assertThat(queries.verify().valid()).isTrue();
    }

    @Test
    void concurrentWritersAndSeveralSealersProduceOneGapFreeChainThatVerifies() throws Exception {
        int writers = 8;
        int perWriter = 25;
        var ids = new ConcurrentLinkedQueue<Long>();
        var start = new CountDownLatch(1);
        var writing = new AtomicBoolean(true);
        // Extra sealers stand in for other application instances sharing the database.
        var otherInstances = List.of(newSealer(), newSealer());
        try (var pool = Executors.newFixedThreadPool(writers + otherInstances.size())) {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                work.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    var tx = new TransactionTemplate(transactions);
                    for (int i = 0; i < perWriter; i++) {
                        ids.add(tx.execute(status -> auditLog.append(submitted(uniqueRequestId()))));
                    }
                    return null;
                }));
            }
            List<Future<?>> sealing = new ArrayList<>();
            for (ChainSealer other : otherInstances) {
                sealing.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    while (writing.get()) {
                        other.sealPending();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : work) {
                f.get();
            }
            writing.set(false);
            for (Future<?> f : sealing) {
                f.get();
            }
        }
        sealer.sealPending();

        assertThat(ids).hasSize(writers * perWriter).doesNotHaveDuplicates();
        var chain = jdbc.queryForMap("SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM audit_chain");
        assertThat(((Number) chain.get("lo")).longValue()).isEqualTo(1);
        assertThat(((Number) chain.get("hi")).longValue()).isEqualTo(((Number) chain.get("n")).longValue());
        String inList = String.join(",", ids.stream().map(String::valueOf).toList());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_chain WHERE entry_id IN (" + inList + ")",
                Long.class)).isEqualTo(writers * perWriter);
        Verification verification = queries.verify();
        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(((Number) chain.get("n")).longValue());
    }

    @Test
    void auditRowsRefuseUpdateDeleteAndTruncate() {
        long id = auditLog.append(submitted(uniqueRequestId()));
        sealer.sealPending();

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_entry SET comment = 'rewritten' WHERE id = ?", id))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_entry WHERE id = ?", id))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_chain SET hash = 'x' WHERE entry_id = ?", id))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_chain WHERE entry_id = ?", id))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE TABLE audit_chain"))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE TABLE audit_entry"))
                .isInstanceOf(DataAccessException.class);
        assertThat(jdbc.queryForObject("SELECT comment FROM audit_entry WHERE id = ?", String.class, id)).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_chain WHERE entry_id = ?", Long.class, id))
                .isEqualTo(1);
    }

    private ChainSealer newSealer() {
        return new ChainSealer(jdbc, transactions, properties);
    }
}
