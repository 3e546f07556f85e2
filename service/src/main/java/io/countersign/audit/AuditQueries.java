package io.countersign.audit;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    /** Seq ranges walked at once by verification, each on its own connection and thread. */
    private static final int VERIFY_THREADS = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** Below this many entries per range, one range is quicker than starting several. */
    private static final long VERIFY_MIN_RANGE = 20_000;
    /** Far more entries than any one request's lifecycle writes; a bound so a page can never load the whole log. */
    private static final int TIMELINE_LIMIT = 10_000;
    /** A bound on the requests a content filter may select, so that a one-letter filter cannot load the log. */
    static final int MAX_MATCHING_REQUESTS = 1_000;

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
        if (!appendConditions(filter, sql, args)) {
            return new AuditPage(List.of(), null);
        }
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
        if (!appendConditions(filter, sql, args)) {
            return;
        }
        sql.append(" ORDER BY c.seq");
        // A transaction, because PostgreSQL only streams a result (rather than buffering it whole) outside autocommit.
        readOnly.executeWithoutResult(status ->
                streaming.query(sql.toString(), rs -> { sink.accept(AuditRows.entry(rs)); }, args.toArray()));
    }

    /** The filter's conditions; false if the filter selects requests by content and none has it. */
    private boolean appendConditions(AuditFilter filter, StringBuilder sql, List<Object> args) {
        filter.appendConditions(sql, args);
        if (!filter.selectsRequestsByContent()) {
            return true;
        }
        List<String> requests = requestsMatching(filter);
        if (requests.isEmpty()) {
            return false;
        }
        sql.append(" AND e.request_id = ANY (?)");
        args.add(requests.toArray(String[]::new));
        return true;
    }

    /**
     * The requests whose SUBMITTED entry matches the content filters (and, for {@code requestId}, whose id starts
     * with it or whose title contains it). LIKE on the canonical details narrows the candidates in the database; the
     * details are then read as JSON, so that an operation and a resource match the same action and a resource match
     * is not a match of some other field.
     */
    private List<String> requestsMatching(AuditFilter filter) {
        if (filter.operation() == null && filter.resource() == null && filter.title() == null
                && Boolean.TRUE.equals(jdbc.queryForObject(
                        "SELECT EXISTS (SELECT 1 FROM audit_entry WHERE request_id = ?)", Boolean.class,
                        filter.requestId()))) {
            // A whole id (the timeline's export, a pasted id): the indexed equality, before prefixes and titles.
            return List.of(filter.requestId());
        }
        var sql = new StringBuilder("SELECT e.request_id, e.details FROM audit_entry e"
                + " WHERE e.event_type = 'SUBMITTED' AND e.request_id IS NOT NULL");
        List<Object> args = new ArrayList<>();
        if (filter.operation() != null) {
            sql.append(" AND e.details LIKE ? ESCAPE '\\'");
            args.add("%\"operation\":\"" + AuditFilter.likeEscaped(AuditFilter.jsonEscaped(filter.operation())) + "\"%");
        }
        for (String part : new String[] {filter.resource(), filter.title()}) {
            if (part != null) {
                sql.append(" AND LOWER(e.details) LIKE ? ESCAPE '\\'");
                args.add("%" + AuditFilter.likeEscaped(AuditFilter.jsonEscaped(part).toLowerCase(Locale.ROOT)) + "%");
            }
        }
        if (filter.requestId() != null) {
            sql.append(" AND (e.request_id LIKE ? ESCAPE '\\' OR LOWER(e.details) LIKE ? ESCAPE '\\')");
            args.add(AuditFilter.likeEscaped(filter.requestId()) + "%");
            args.add("%" + AuditFilter.likeEscaped(AuditFilter.jsonEscaped(filter.requestId()).toLowerCase(Locale.ROOT))
                    + "%");
        }
        sql.append(" ORDER BY e.id DESC");
        var matching = new LinkedHashSet<String>();
        jdbc.query(sql.toString(), rs -> {
            String requestId = rs.getString(1);
            if (!matching.contains(requestId) && SubmittedDetails.parse(rs.getString(2)).matches(filter, requestId)) {
                matching.add(requestId);
                if (matching.size() > MAX_MATCHING_REQUESTS) {
                    throw new InvalidAuditParameter(filter.requestId() != null ? "requestId"
                            : filter.resource() != null ? "resource" : filter.title() != null ? "title" : "operation",
                            "matches more than " + MAX_MATCHING_REQUESTS + " requests; narrow it");
                }
            }
        }, args.toArray());
        return List.copyOf(matching);
    }

    /** The title each request was submitted with (its latest SUBMITTED entry), for showing requests by name. */
    @Override
    public Map<String, String> titles(java.util.Collection<String> requestIds) {
        Map<String, String> titles = new HashMap<>();
        if (requestIds.isEmpty()) {
            return titles;
        }
        jdbc.query("SELECT e.request_id, e.details FROM audit_entry e WHERE e.event_type = 'SUBMITTED'"
                + " AND e.request_id = ANY (?) ORDER BY e.id", rs -> {
                    String title = SubmittedDetails.parse(rs.getString(2)).title();
                    if (title != null) {
                        titles.put(rs.getString(1), title);
                    }
                }, (Object) requestIds.stream().distinct().toArray(String[]::new));
        return titles;
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

    /**
     * Walks the whole chain from seq 1, then looks for entries that are neither sealed nor queued for sealing. Long
     * chains are walked as several seq ranges at once, each on its own connection (a single stream keeps one
     * database process and one reader busy, not the machine); where two ranges meet, the first prev_hash of the later
     * one must be the last hash of the earlier one. A break is reported at the lowest seq that does not hold.
     */
    @Override
    public Verification verify() {
        Long top = jdbc.queryForObject("SELECT max(seq) FROM audit_chain", Long.class);
        Verification result = top == null ? Verification.valid(0)
                : verifyChain(top, (int) Math.max(1, Math.min(VERIFY_THREADS, top / VERIFY_MIN_RANGE)));
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

    /** The chain up to {@code top} in {@code ranges} seq ranges, checked at once and joined in order. */
    Verification verifyChain(long top, int ranges) {
        var factory = Thread.ofPlatform().name("audit-verify-", 1).daemon().factory();
        try (var pool = Executors.newFixedThreadPool(ranges, factory)) {
            List<Future<ChainCheck>> checks = new ArrayList<>(ranges);
            for (int i = 0; i < ranges; i++) {
                long first = rangeStart(top, ranges, i);
                long last = rangeStart(top, ranges, i + 1) - 1;
                checks.add(pool.submit(() -> checkRange(first, last)));
            }
            long checked = 0;
            String previousHash = null;
            for (int i = 0; i < ranges; i++) {
                ChainCheck range = joined(checks.get(i));
                long first = rangeStart(top, ranges, i);
                if (i > 0 && range.firstPrevHash() != null && !range.firstPrevHash().equals(previousHash)) {
                    return Verification.broken(checked, first,
                            "prev_hash does not match the hash of seq " + (first - 1));
                }
                Verification result = range.result();
                checked += result.entriesChecked();
                if (!result.valid()) {
                    return Verification.broken(checked, result.firstBrokenSeq(), result.reason());
                }
                previousHash = range.lastHash();
            }
            return Verification.valid(checked);
        }
    }

    /** The first seq of range {@code i} of {@code ranges} over 1..top; range {@code ranges} starts after top. */
    private static long rangeStart(long top, int ranges, int i) {
        return 1 + top * i / ranges;
    }

    /** One seq range, streamed in a single query; stops reading at the first entry that does not hold. */
    private ChainCheck checkRange(long first, long last) {
        var check = ChainCheck.from(first);
        try {
            readOnly.executeWithoutResult(status -> streaming.query("SELECT " + AuditRows.CHAINED_COLUMNS
                    + ", c.entry_id AS chained_id FROM audit_chain c LEFT JOIN audit_entry e ON e.id = c.entry_id"
                    + " WHERE c.seq BETWEEN ? AND ? ORDER BY c.seq", rs -> {
                        rs.getLong(2);
                        boolean held = rs.wasNull() ? missing(check, rs.getLong(1), rs.getLong(20))
                                : check.accept(AuditRows.entry(rs));
                        if (!held) {
                            throw new RangeBroken();
                        }
                    }, first, last));
            check.expectLast(last);
        } catch (RangeBroken stop) {
            // The check holds the first break; the rest of the range does not matter.
        }
        return check;
    }

    private static boolean missing(ChainCheck check, long seq, long entryId) {
        check.missingEntry(seq, entryId);
        return false;
    }

    /** Ends a range's query early; never leaves this class. */
    private static final class RangeBroken extends RuntimeException {
        RangeBroken() {
            super(null, null, false, false);
        }
    }

    private static <T> T joined(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying the audit chain", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }
}
