package io.countersign.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals committed entries into the one hash chain. Each sealing transaction locks the single row of
 * {@code audit_chain_lock}, so sealers in several instances take turns and the chain cannot fork; the primary key on
 * {@code seq} would refuse a fork even without the lock. Business transactions never take that lock: only this short,
 * batched transaction does, so its commit cost is shared by every entry in the batch.
 */
@Component
class ChainSealer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChainSealer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditProperties properties;
    private final MerkleStore tree;
    private final Runnable grown;
    private final Semaphore wakeUps = new Semaphore(0);
    private final BackgroundThread worker = new BackgroundThread("audit-chain-sealer");
    /**
     * The tree's right edge after the last batch this sealer committed; only touched inside the lock. Null after a
     * failed batch, and ignored when another instance sealed since, so it is read back from the stored nodes then.
     */
    private Merkle.Frontier edge;

    @Autowired
    ChainSealer(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditProperties properties,
            MerkleStore tree, Checkpoints checkpoints) {
        this(jdbc, transactions, properties, tree, checkpoints::grown);
    }

    /** A sealer that grows the tree but tells no checkpoint publisher (tests and the benchmark). */
    ChainSealer(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditProperties properties) {
        this(jdbc, transactions, properties, new MerkleStore(jdbc), () -> { });
    }

    private ChainSealer(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditProperties properties,
            MerkleStore tree, Runnable grown) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.tree = tree;
        this.grown = grown;
    }

    /** Asks for a sealing round soon; many calls during one round coalesce into the next. */
    void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Seals everything committed and pending now, in batches; returns how many entries were sealed. Synchronized
     * because the cached tree edge belongs to one sealing round at a time (the database lock already serializes
     * instances; this serializes the worker and a direct caller in one instance).
     */
    synchronized int sealPending() {
        int total = 0;
        int sealed;
        do {
            sealed = sealBatch();
            total += sealed;
        } while (sealed == properties.sealBatchSize());
        if (total > 0) {
            // Signing happens on the checkpoint thread, never inside this loop: a slow signature or sink does not
            // hold back sealing.
            grown.run();
        }
        return total;
    }

    private int sealBatch() {
        Merkle.Frontier cached = edge;
        edge = null;
        var extended = new Merkle.Frontier[1];
        Integer sealed = transaction.execute(status -> {
            jdbc.queryForObject("SELECT id FROM audit_chain_lock WHERE id = 1 FOR UPDATE", Integer.class);
            List<Long> queued = jdbc.queryForList("SELECT entry_id FROM audit_pending ORDER BY entry_id LIMIT ?",
                    Long.class, properties.sealBatchSize());
            if (queued.isEmpty()) {
                return 0;
            }
            // Looked up by primary key rather than joined: with statistics that lag behind a growing table, PostgreSQL
            // planned the join as a merge join that walked audit_entry from its first row, every batch.
            List<AuditEntry> pending = jdbc.query("SELECT " + AuditRows.ENTRY_COLUMNS
                            + " FROM audit_entry e WHERE e.id = ANY (?) ORDER BY e.id",
                    (rs, row) -> AuditRows.unsealed(rs), (Object) queued.toArray(Long[]::new));
            int n = pending.size();
            if (n == 0) {
                return 0;
            }
            var head = jdbc.query("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1",
                    (rs, row) -> new Head(rs.getLong("seq"), rs.getString("hash")));
            long seq = head.isEmpty() ? 0 : head.getFirst().seq();
            String prevHash = head.isEmpty() ? EntryHash.GENESIS : head.getFirst().hash();
            Merkle.Frontier frontier = cached != null && cached.size() == seq ? cached : tree.frontier(seq);
            var completed = new ArrayList<Merkle.Frontier.Completed>(n);
            Long[] seqs = new Long[n];
            Long[] prevSeqs = new Long[n];
            Long[] entryIds = new Long[n];
            String[] prevHashes = new String[n];
            String[] hashes = new String[n];
            for (int i = 0; i < n; i++) {
                AuditEntry chained = pending.get(i).sealed(++seq, prevHash);
                seqs[i] = chained.seq();
                prevSeqs[i] = chained.seq() == 1 ? null : chained.seq() - 1;
                entryIds[i] = chained.id();
                prevHashes[i] = chained.prevHash();
                hashes[i] = chained.hash();
                prevHash = chained.hash();
                completed.addAll(frontier.append(MerkleStore.leafOf(chained.hash())));
            }
            // One statement per batch, not one per entry.
            jdbc.update("INSERT INTO audit_chain (seq, prev_seq, entry_id, prev_hash, hash)"
                    + " SELECT * FROM UNNEST(?, ?, ?, ?, ?)", seqs, prevSeqs, entryIds, prevHashes, hashes);
            // Exactly the entries this batch chained, never one that committed into the queue after the read above.
            jdbc.update("DELETE FROM audit_pending WHERE entry_id = ANY (?)", (Object) entryIds);
            // The tree grows in the same transaction as the chain, so the two never disagree about the size.
            tree.insert(completed);
            extended[0] = frontier;
            return n;
        });
        edge = extended[0] != null ? extended[0] : cached;
        return sealed == null ? 0 : sealed;
    }

    private record Head(long seq, String hash) {
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (wakeUps.tryAcquire(properties.sealInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    // Lets the appends committing right now join this round, so that one sealing commit (one WAL
                    // flush) serves several of them instead of each append paying for a second flush.
                    TimeUnit.NANOSECONDS.sleep(properties.sealDelay().toNanos());
                    wakeUps.drainPermits();
                }
                sealPending();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // The entries stay queued and the next round retries them; a dead sealer would leave them unsealed.
                log.warn("Sealing audit entries failed; will retry in {}", properties.sealInterval(), e);
            }
        }
    }

    @Override
    public void start() {
        worker.start(this::run);
    }

    @Override
    public void stop() {
        worker.stop(properties.sealInterval().toMillis() + 5_000);
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }
}
