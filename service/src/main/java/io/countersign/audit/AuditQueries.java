package io.countersign.audit;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What auditors read: pages of entries, the chain streamed for export, and the chain verified. */
@Component
class AuditQueries implements AuditReader {

    /** Rows fetched per round trip when streaming, so that exports and verification run in constant memory. */
    private static final int STREAM_FETCH_SIZE = 2_000;
    private static final int VERIFY_BATCH = 5_000;
    /** Far more entries than any one request's lifecycle writes; a bound so a page can never load the whole log. */
    private static final int TIMELINE_LIMIT = 10_000;

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    AuditQueries(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(STREAM_FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Newest first; entries not yet sealed are included, without seq and hashes. */
    AuditPage search(AuditFilter filter, PageCursor after, int limit) {
        var sql = new StringBuilder("SELECT ").append(AuditRows.CHAINED_COLUMNS)
                .append(" FROM audit_entry e LEFT JOIN audit_chain c ON c.entry_id = e.id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.appendConditions(sql, args);
        if (after != null) {
            // A row comparison, so that PostgreSQL can start the index range scan right after the cursor.
            sql.append(" AND (e.occurred_at, e.id) < (?, ?)");
            args.add(after.occurredAt().atOffset(ZoneOffset.UTC));
            args.add(after.id());
        }
        sql.append(" ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?");
        args.add(limit + 1);
        List<AuditEntry> rows = jdbc.query(sql.toString(), (rs, row) -> AuditRows.entry(rs), args.toArray());
        if (rows.size() <= limit) {
            return new AuditPage(rows, null);
        }
        List<AuditEntry> page = rows.subList(0, limit);
        AuditEntry last = page.getLast();
        return new AuditPage(List.copyOf(page), new PageCursor(last.occurredAt(), last.id()).encode());
    }

    /** Sealed entries matching the filter in chain order, handed over one at a time. */
    void streamChain(AuditFilter filter, Consumer<AuditEntry> sink) {
        var sql = new StringBuilder("SELECT ").append(AuditRows.CHAINED_COLUMNS)
                .append(" FROM audit_chain c JOIN audit_entry e ON e.id = c.entry_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.appendConditions(sql, args);
        sql.append(" ORDER BY c.seq");
        // A transaction, because PostgreSQL only streams a result (rather than buffering it whole) outside autocommit.
        readOnly.executeWithoutResult(status ->
                streaming.query(sql.toString(), rs -> { sink.accept(AuditRows.entry(rs)); }, args.toArray()));
    }

    @Override
    public AuditPage search(Map<String, String> filters, String cursor, int limit) {
        return search(AuditFilter.from(filters),
                cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor.strip()), limit);
    }

    @Override
    public List<AuditEntry> timeline(String requestId) {
        return jdbc.query("SELECT " + AuditRows.CHAINED_COLUMNS
                + " FROM audit_entry e LEFT JOIN audit_chain c ON c.entry_id = e.id"
                + " WHERE e.request_id = ? ORDER BY e.occurred_at, e.id LIMIT ?",
                (rs, row) -> AuditRows.entry(rs), requestId, TIMELINE_LIMIT);
    }

    /** Walks the whole chain from seq 1, then looks for entries that are neither sealed nor queued for sealing. */
    @Override
    public Verification verify() {
        var check = new ChainCheck(true);
        // The next batch is read while this one is hashed, so the database and the hashing work at the same time.
        try (var reader = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("audit-verify-reader").factory())) {
            CompletableFuture<List<Link>> next = CompletableFuture.supplyAsync(() -> links(0), reader);
            while (true) {
                List<Link> batch = joined(next);
                if (batch.size() == VERIFY_BATCH) {
                    long after = batch.getLast().seq();
                    next = CompletableFuture.supplyAsync(() -> links(after), reader);
                }
                for (Link link : batch) {
                    if (link.entry() == null) {
                        check.missingEntry(link.seq(), link.entryId());
                        return check.result();
                    }
                    if (!check.accept(link.entry())) {
                        return check.result();
                    }
                }
                if (batch.size() < VERIFY_BATCH) {
                    break;
                }
            }
        }
        Verification result = check.result();
        if (!result.valid()) {
            return result;
        }
        // One statement, so one snapshot: counts that agree mean no entry is outside, without an anti-join.
        Long unaccounted = jdbc.queryForObject("SELECT (SELECT count(*) FROM audit_entry)"
                + " - (SELECT count(*) FROM audit_chain) - (SELECT count(*) FROM audit_pending)", Long.class);
        if (unaccounted != null && unaccounted == 0) {
            return result;
        }
        List<Long> outside = jdbc.queryForList("""
                SELECT e.id FROM audit_entry e
                WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = e.id)
                  AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.entry_id = e.id)
                ORDER BY e.id LIMIT 1""", Long.class);
        if (!outside.isEmpty()) {
            return Verification.broken(result.entriesChecked(), null,
                    "entry " + outside.getFirst() + " is neither in the chain nor waiting to be sealed");
        }
        return result;
    }

    /**
     * One keyset batch in seq order: a short primary-key range scan joined by index, so the database never sorts the
     * whole chain and no transaction stays open for the whole walk.
     */
    private List<Link> links(long afterSeq) {
        var batch = new ArrayList<Link>(VERIFY_BATCH);
        jdbc.query("SELECT " + AuditRows.CHAINED_COLUMNS + ", c.entry_id AS chained_id"
                + " FROM audit_chain c LEFT JOIN audit_entry e ON e.id = c.entry_id"
                + " WHERE c.seq > ? ORDER BY c.seq LIMIT ?", rs -> {
                    rs.getLong("id");
                    boolean missing = rs.wasNull();
                    batch.add(new Link(rs.getLong("seq"), rs.getLong("chained_id"),
                            missing ? null : AuditRows.entry(rs)));
                }, afterSeq, VERIFY_BATCH);
        return batch;
    }

    private static List<Link> joined(CompletableFuture<List<Link>> batch) {
        try {
            return batch.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A chain position and its entry, which is null if the entry row is gone. */
    private record Link(long seq, long entryId, AuditEntry entry) {
    }
}
