package io.countersign.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log benchmark (bench/audit/README.md): chained appends against plain inserts at 1, 4 and 16 writers,
 * then filtered query latency and verification rate at 100k and 1M entries. Runs against PostgreSQL in throwaway
 * schemas that it drops at the end. Not a test: surefire never picks it up, and it prints its results.
 */
final class AuditBenchmark {

    private static final String URL = System.getProperty("bench.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("bench.user", "postgres");
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int QUERIES_PER_FILTER = Integer.getInteger("bench.queries", 200);
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Without a configuration Logback logs every transaction at DEBUG, which would be most of what is measured.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        String phases = System.getProperty("bench.phases", "appends,queries");
        if (phases.contains("appends")) {
            throughput();
        }
        if (phases.contains("queries")) {
            queriesAndVerification();
        }
    }

    // ---- appends --------------------------------------------------------------------------------------------------

    private static void throughput() throws Exception {
        try (var db = Schema.create(20)) {
            var tx = new TransactionTemplate(db.transactions);
            var sealer = new ChainSealer(db.jdbc, db.transactions, new AuditProperties(Duration.ofMillis(200), 1000,
                    Duration.ofMillis(Long.getLong("bench.sealDelayMs", 5))));
            var auditLog = new JdbcAuditLog(JdbcClient.create(db.jdbc), db.transactions, sealer);
            sealer.start();
            try {
                var event = AuditFixtures.decided("cr-bench", "bob", "APPROVE");
                String details = JdbcAuditLog.canonicalDetails(event.details());
                var plain = JdbcClient.create(db.jdbc);
                Runnable plainInsert = () -> tx.executeWithoutResult(s -> plain.sql("""
                        INSERT INTO audit_entry (occurred_at, event_type, request_id, actor, actor_kind, remote_address,
                            plan_hash, agent_id, requested_by, service, environment, tier, outcome, comment, details)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(Instant.now().atOffset(ZoneOffset.UTC), event.type(), event.requestId(), event.actor(),
                                event.actorKind(), event.remoteAddress(), event.planHash(), event.agentId(),
                                event.requestedBy(), event.service(), event.environment(), event.tier(),
                                event.outcome(), event.comment(), details)
                        .update());
                Runnable chainedAppend = () -> tx.executeWithoutResult(s -> auditLog.append(event));
                queueTrigger(db, false);
                run(4, Duration.ofSeconds(2), plainInsert);
                queueTrigger(db, true);
                run(4, Duration.ofSeconds(2), chainedAppend);
                System.out.println();
                System.out.printf(Locale.ROOT, "Durable appends/s (one transaction per append, synchronous_commit=%s;"
                        + " median of %d alternating %d s rounds, min-max in brackets)%n",
                        db.jdbc.queryForObject("SHOW synchronous_commit", String.class), ROUNDS, PHASE.toSeconds());
                System.out.println("writers  plain inserts/s        chained appends/s (all sealed)  ratio");
                for (int writers : ints("bench.writers", "1,4,16")) {
                    double[] plainRates = new double[ROUNDS];
                    double[] chainedRates = new double[ROUNDS];
                    // Alternating rounds, so that the machine's drift (other work, checkpoints) hits both alike.
                    for (int round = 0; round < ROUNDS; round++) {
                        // Plain inserts bypass the chain entirely: without the trigger that queues entries for sealing.
                        queueTrigger(db, false);
                        plainRates[round] = run(writers, PHASE, plainInsert);
                        queueTrigger(db, true);
                        chainedRates[round] = sealedRate(db, sealer, writers, chainedAppend);
                    }
                    Arrays.sort(plainRates);
                    Arrays.sort(chainedRates);
                    double plainRate = plainRates[ROUNDS / 2];
                    double chainedRate = chainedRates[ROUNDS / 2];
                    System.out.printf(Locale.ROOT, "%7d  %6.0f [%5.0f-%5.0f]  %13.0f [%5.0f-%5.0f]  %5.2f%n", writers,
                            plainRate, plainRates[0], plainRates[ROUNDS - 1], chainedRate, chainedRates[0],
                            chainedRates[ROUNDS - 1], chainedRate / plainRate);
                }
                sealer.stop();
                runCount(16, PHASE, chainedAppend);
                long queued = db.jdbc.queryForObject("SELECT count(*) FROM audit_pending", Long.class);
                long t0 = System.nanoTime();
                int sealed = sealer.sealPending();
                System.out.printf(Locale.ROOT, "sealer alone, catching up on %,d queued entries: %,.0f entries/s%n",
                        queued, sealed / ((System.nanoTime() - t0) / 1e9));
                var verification = new AuditQueries(db.jdbc, db.transactions).verify();
                // The plain-insert rows share the table but are no audit entries, so the final orphan check names
                // one of them; the chain walk before it is what matters here.
                System.out.println("chain after the runs: " + verification.entriesChecked() + " links walked, "
                        + (verification.firstBrokenSeq() == null ? "none broken" : "BROKEN: " + verification.reason()));
            } finally {
                sealer.stop();
            }
        }
    }

    /** A comma-separated list of numbers from a system property. */
    private static int[] ints(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Appends for one phase, timed until the sealer has chained every one of them. */
    private static double sealedRate(Schema db, ChainSealer sealer, int writers, Runnable append) throws Exception {
        long before = sealedCount(db.jdbc);
        long start = System.nanoTime();
        long appended = runCount(writers, PHASE, append);
        while (db.jdbc.queryForObject("SELECT count(*) FROM audit_pending", Long.class) > 0) {
            sealer.wake();
            LockSupport.parkNanos(1_000_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long sealed = sealedCount(db.jdbc) - before;
        if (sealed != appended) {
            throw new IllegalStateException("appended " + appended + " but sealed " + sealed);
        }
        return sealed / seconds;
    }

    private static void queueTrigger(Schema db, boolean enabled) {
        db.jdbc.execute("ALTER TABLE audit_entry " + (enabled ? "ENABLE" : "DISABLE") + " TRIGGER audit_entry_queue");
    }

    private static long sealedCount(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_chain", Long.class);
    }

    private static double run(int writers, Duration duration, Runnable op) throws Exception {
        long start = System.nanoTime();
        long count = runCount(writers, duration, op);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static long runCount(int writers, Duration duration, Runnable op) throws Exception {
        var go = new CountDownLatch(1);
        long[] deadline = new long[1];
        try (var pool = Executors.newFixedThreadPool(writers)) {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    long n = 0;
                    while (System.nanoTime() < deadline[0]) {
                        op.run();
                        n++;
                    }
                    return n;
                }));
            }
            deadline[0] = System.nanoTime() + duration.toNanos();
            go.countDown();
            long total = 0;
            for (Future<Long> r : results) {
                total += r.get();
            }
            return total;
        }
    }

    // ---- queries and verification ---------------------------------------------------------------------------------

    private static void queriesAndVerification() throws Exception {
        try (var db = Schema.create(4)) {
            var queries = new AuditQueries(db.jdbc, db.transactions);
            var loader = new Loader(db);
            System.out.println();
            System.out.println("Filtered queries (first page of 50 and the page after it), ms");
            for (int size : ints("bench.sizes", "100000,1000000")) {
                long t0 = System.nanoTime();
                loader.loadUpTo(size);
                System.out.printf(Locale.ROOT, "loaded to %,d entries in %.1f s%n", size,
                        (System.nanoTime() - t0) / 1e9);
                measureQueries(queries, size);
                long s0 = System.nanoTime();
                long[] streamed = new long[1];
                queries.streamChain(AuditFilter.NONE, e -> streamed[0]++);
                double streamSeconds = (System.nanoTime() - s0) / 1e9;
                System.out.printf(Locale.ROOT, "read the chain without hashing (export path): %,.0f entries/s%n",
                        streamed[0] / streamSeconds);
                queries.verify();
                long v0 = System.nanoTime();
                Verification v = queries.verify();
                double seconds = (System.nanoTime() - v0) / 1e9;
                System.out.printf(Locale.ROOT, "verify at %,d: valid=%s, %,d entries in %.2f s = %,.0f entries/s%n",
                        size, v.valid(), v.entriesChecked(), seconds, v.entriesChecked() / seconds);
                measureProofs(new MerkleStore(db.jdbc), size);
            }
        }
    }

    private static void measureQueries(AuditQueries queries, int size) {
        var random = new SplittableRandom(7);
        Map<String, Function<SplittableRandom, AuditFilter>> filters = new java.util.LinkedHashMap<>();
        filters.put("time (1 day)", r -> {
            Instant from = EPOCH.plus(r.nextLong(360), ChronoUnit.DAYS);
            return new AuditFilter(from, from.plus(1, ChronoUnit.DAYS), null, null, null, null, null, null, null,
                    null, null, null, null, null, null);
        });
        filters.put("request", r -> filter(r, "requestId", "cr-" + r.nextInt(size / 5)));
        filters.put("agent", r -> filter(r, "agent", "agent-" + r.nextInt(50)));
        filters.put("engineer", r -> filter(r, "engineer", "eng-" + r.nextInt(200)));
        filters.put("approver", r -> filter(r, "approver", "approver-" + r.nextInt(300)));
        filters.put("service", r -> filter(r, "service", "svc-" + r.nextInt(100)));
        filters.put("environment", r -> filter(r, "environment", Loader.ENVIRONMENTS[r.nextInt(4)]));
        filters.put("tier", r -> filter(r, "tier", Loader.TIERS[r.nextInt(5)]));
        filters.put("type", r -> filter(r, "type", Loader.TYPES[r.nextInt(Loader.TYPES.length)]));
        filters.put("outcome", r -> filter(r, "outcome", Loader.OUTCOMES[r.nextInt(Loader.OUTCOMES.length)]));
        filters.put("service+tier+30 days", r -> {
            Instant from = EPOCH.plus(r.nextLong(330), ChronoUnit.DAYS);
            return new AuditFilter(from, from.plus(30, ChronoUnit.DAYS), null, null, null, null,
                    "svc-" + r.nextInt(100), null, Loader.TIERS[r.nextInt(5)], null, null, null, null, null, null);
        });
        List<Double> all = new ArrayList<>();
        System.out.printf(Locale.ROOT, "at %,d entries%n  %-22s %8s %8s%n", size, "filter", "p50", "p99");
        for (var f : filters.entrySet()) {
            double[] ms = new double[QUERIES_PER_FILTER];
            for (int i = 0; i < QUERIES_PER_FILTER; i++) {
                AuditFilter filter = f.getValue().apply(random);
                long t = System.nanoTime();
                AuditPage page = queries.search(filter, null, 50);
                if (page.nextCursor() != null && i % 2 == 0) {
                    queries.search(filter, PageCursor.decode(page.nextCursor()), 50);
                }
                ms[i] = (System.nanoTime() - t) / 1e6;
                all.add(ms[i]);
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "  %-22s %8.2f %8.2f%n", f.getKey(), pct(ms, 0.50), pct(ms, 0.99));
        }
        double[] every = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-22s %8.2f %8.2f%n", "all filters", pct(every, 0.50), pct(every, 0.99));
    }

    /** Inclusion proofs of random entries in the whole tree, each checked against the root, and the root itself. */
    private static void measureProofs(MerkleStore tree, int size) {
        var random = new SplittableRandom(11);
        byte[] root = tree.root(size);
        double[] ms = new double[Math.max(QUERIES_PER_FILTER, 200)];
        for (int i = 0; i < ms.length; i++) {
            long index = random.nextLong(size);
            long t = System.nanoTime();
            var proof = tree.inclusionProof(index, size);
            byte[] leaf = tree.leaf(index);
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (!Arrays.equals(Merkle.rootFromInclusionProof(index, size, leaf, proof), root)) {
                throw new IllegalStateException("inclusion proof of leaf " + index + " does not verify");
            }
        }
        Arrays.sort(ms);
        long r0 = System.nanoTime();
        tree.root(size);
        System.out.printf(Locale.ROOT, "inclusion proof at %,d entries (%d proofs, each verified): p50 %.2f ms,"
                + " p99 %.2f ms; root %.2f ms%n", size, ms.length, pct(ms, 0.50), pct(ms, 0.99),
                (System.nanoTime() - r0) / 1e6);
    }

    private static AuditFilter filter(SplittableRandom r, String name, String value) {
        return AuditFilter.from(Map.of(name, value));
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Writes chained entries with COPY, continuing the chain, as the sealer would have written them. */
    private static final class Loader {
        static final String[] ENVIRONMENTS = {"production", "staging", "development", "sandbox"};
        static final String[] TIERS = {"DENIED", "CRITICAL", "HIGH", "MEDIUM", "LOW"};
        static final String[] TYPES = {"SUBMITTED", "CLASSIFIED", "TASK_OPENED", "CLAIMED", "DECIDED", "ESCALATED",
                "EXPIRED", "WITHDRAWN", "APPROVED", "TOKEN_ISSUED", "EXECUTED", "DENIED"};
        static final String[] OUTCOMES = {"APPROVE", "REJECT", "REQUEST_CHANGES", "SUCCEEDED", "FAILED",
                "ROLLED_BACK"};

        private final Schema db;
        private final SplittableRandom random = new SplittableRandom(42);
        private long loaded;
        private String prevHash = EntryHash.GENESIS;
        private final Merkle.Frontier tree = new Merkle.Frontier();

        Loader(Schema db) {
            this.db = db;
        }

        void loadUpTo(int total) throws Exception {
            final int chunk = 50_000;
            while (loaded < total) {
                int n = (int) Math.min(chunk, total - loaded);
                var entries = new StringBuilder(n * 400);
                var links = new StringBuilder(n * 160);
                var nodes = new StringBuilder(n * 90);
                for (int i = 0; i < n; i++) {
                    long id = ++loaded;
                    AuditEntry e = next(id).sealed(id, prevHash);
                    prevHash = e.hash();
                    row(entries, e.id(), e.occurredAt(), e.type(), e.requestId(), e.actor(), e.actorKind(),
                            e.remoteAddress(), e.planHash(), e.agentId(), e.requestedBy(), e.service(),
                            e.environment(), e.tier(), e.outcome(), e.comment(), e.details());
                    row(links, e.seq(), id == 1 ? null : id - 1, e.id(), e.prevHash(), e.hash());
                    // The tree's nodes, as the sealer stores them.
                    for (var node : tree.append(MerkleStore.leafOf(e.hash()))) {
                        row(nodes, node.level(), node.index(), java.util.HexFormat.of().formatHex(node.hash()));
                    }
                }
                try (Connection c = db.dataSource.getConnection()) {
                    var copy = c.unwrap(PGConnection.class).getCopyAPI();
                    copy.copyIn("COPY audit_entry (id, occurred_at, event_type, request_id, actor, actor_kind, "
                            + "remote_address, plan_hash, agent_id, requested_by, service, environment, tier, outcome, "
                            + "comment, details) FROM STDIN", new StringReader(entries.toString()));
                    copy.copyIn("COPY audit_chain (seq, prev_seq, entry_id, prev_hash, hash) FROM STDIN",
                            new StringReader(links.toString()));
                    copy.copyIn("COPY audit_merkle_node (level, idx, hash) FROM STDIN",
                            new StringReader(nodes.toString()));
                    // The insert trigger queued the copied entries; they are sealed already.
                    try (var statement = c.createStatement()) {
                        statement.execute("DELETE FROM audit_pending");
                    }
                }
            }
            db.jdbc.execute("ANALYZE audit_entry");
            db.jdbc.execute("ANALYZE audit_chain");
        }

        /** A year of events, in time order, about requests that each see a handful of events. */
        private AuditEntry next(long id) {
            var r = random;
            Instant at = EPOCH.plus(id * 30_000_000L, ChronoUnit.MICROS);
            String type = TYPES[r.nextInt(TYPES.length)];
            boolean decision = "DECIDED".equals(type);
            String actor = decision ? "approver-" + r.nextInt(300) : "agent-" + r.nextInt(50);
            long request = (id / 5) % 200_000;
            return new AuditEntry(null, id, at, type, "cr-" + request, actor, decision ? "HUMAN" : "AGENT",
                    "10.0." + r.nextInt(256) + "." + r.nextInt(256), "ab".repeat(32), "agent-" + r.nextInt(50),
                    "eng-" + r.nextInt(200), "svc-" + r.nextInt(100), ENVIRONMENTS[r.nextInt(4)],
                    TIERS[r.nextInt(5)], OUTCOMES[r.nextInt(OUTCOMES.length)], decision ? "looked at the rollback" : null,
                    "{\"rule\":\"r" + r.nextInt(20) + "\",\"version\":3}", null, null);
        }

        private static void row(StringBuilder out, Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                out.append(values[i] == null ? "\\N" : values[i].toString().replace("\\", "\\\\"));
            }
            out.append('\n');
        }
    }

    /** A throwaway schema with the audit migration applied; dropped on close. */
    private static final class Schema implements AutoCloseable {
        final String name = "audit_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        final HikariDataSource dataSource = new HikariDataSource();
        final JdbcTemplate jdbc;
        final DataSourceTransactionManager transactions;

        private Schema(int poolSize) {
            dataSource.setJdbcUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name);
            dataSource.setUsername(USER);
            dataSource.setMaximumPoolSize(poolSize);
            jdbc = new JdbcTemplate(dataSource);
            transactions = new DataSourceTransactionManager(dataSource);
        }

        static Schema create(int poolSize) {
            var schema = new Schema(poolSize);
            schema.jdbc.execute("CREATE SCHEMA " + schema.name);
            Flyway.configure().dataSource(schema.dataSource).schemas(schema.name).locations("classpath:db/migration")
                    .callbacks(new AuditTriggers()).load().migrate();
            return schema;
        }

        @Override
        public void close() {
            if (Boolean.getBoolean("bench.keepSchema")) {
                System.out.println("kept schema " + name);
            } else {
                jdbc.execute("DROP SCHEMA " + name + " CASCADE");
            }
            dataSource.close();
        }
    }
}
