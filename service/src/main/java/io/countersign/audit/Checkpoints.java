package io.countersign.audit;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Signs a checkpoint of the audit tree every {@code every-entries} entries or every {@code every} while it grows,
 * on a thread of its own (the sealer only wakes it), stores it append-only in {@code audit_checkpoint}, and copies
 * it to the configured sinks outside the database: that copy is what a database owner cannot take back, and what
 * reveals a log cut short.
 */
@Component
class Checkpoints implements SmartLifecycle {

    /** A stored checkpoint. {@code rootHash} is hex; the note carries it in base64, as the format says. */
    record Stored(long treeSize, String rootHash, String keyId, String note, Instant createdAt) {
    }

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final MerkleStore tree;
    private final LogKey key;
    private final CheckpointProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock = Clock.systemUTC();
    private final Semaphore wakeUps = new Semaphore(0);
    private final BackgroundThread worker = new BackgroundThread("audit-checkpoints");
    /** The largest tree size this instance has copied to every sink; what is above it is copied next round. */
    private long copiedUpTo;

    Checkpoints(JdbcTemplate jdbc, MerkleStore tree, LogKey key, CheckpointProperties properties) {
        this.jdbc = jdbc;
        this.tree = tree;
        this.key = key;
        this.properties = properties;
    }

    /** Called by the sealer after it sealed something; cheap, never blocks. */
    void grown() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Signs a checkpoint of the whole tree as it is now, unless one of that size exists, then copies the latest to
     * the sinks. Returns the checkpoint of the current size (empty if the tree is empty).
     */
    synchronized Optional<Stored> publish() {
        Long size = jdbc.queryForObject("SELECT max(seq) FROM audit_chain", Long.class);
        if (size == null) {
            return Optional.empty();
        }
        Optional<Stored> existing = at(size);
        Stored checkpoint = existing.orElseGet(() -> sign(size));
        copyToSinks();
        return Optional.of(checkpoint);
    }

    private Stored sign(long size) {
        byte[] root = tree.root(size);
        LogKey.Signer signer = key.signer();
        String note = SignedNote.sign(SignedNote.body(properties.origin(), size, root), signer.verifier(),
                signer.privateKey());
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO audit_checkpoint (tree_size, root_hash, key_id, note, created_at)"
                            + " VALUES (?, ?, ?, ?, ?)", size, HEX.formatHex(root), signer.verifier().keyIdHex(), note,
                    Timestamp.from(now));
        } catch (DuplicateKeyException e) {
            // Another instance signed the same size a moment ago; theirs is as good.
            return at(size).orElseThrow(() -> e);
        }
        return new Stored(size, HEX.formatHex(root), signer.verifier().keyIdHex(), note, now);
    }

    Optional<Stored> latest() {
        return list(1).stream().findFirst();
    }

    /** Latest first. */
    List<Stored> list(int limit) {
        return jdbc.query("SELECT tree_size, root_hash, key_id, note, created_at FROM audit_checkpoint"
                + " ORDER BY tree_size DESC LIMIT ?", (rs, row) -> stored(rs), limit);
    }

    Optional<Stored> at(long size) {
        return jdbc.query("SELECT tree_size, root_hash, key_id, note, created_at FROM audit_checkpoint"
                + " WHERE tree_size = ?", (rs, row) -> stored(rs), size).stream().findFirst();
    }

    /** The smallest checkpoint that covers the entry at {@code seq}, for the entry's inclusion proof. */
    Optional<Stored> covering(long seq) {
        return jdbc.query("SELECT tree_size, root_hash, key_id, note, created_at FROM audit_checkpoint"
                + " WHERE tree_size >= ? ORDER BY tree_size LIMIT 1", (rs, row) -> stored(rs), seq).stream()
                .findFirst();
    }

    private static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant());
    }

    /** Copies the latest checkpoint to the directory and the witness, if configured and not done yet. */
    private synchronized void copyToSinks() {
        if (properties.sinkDirectory() == null && properties.witnessUrl() == null) {
            return;
        }
        Optional<Stored> latest = latest();
        if (latest.isEmpty() || latest.get().treeSize() <= copiedUpTo) {
            return;
        }
        Stored checkpoint = latest.get();
        boolean copied = true;
        if (properties.sinkDirectory() != null) {
            copied &= writeFile(checkpoint);
        }
        if (properties.witnessUrl() != null) {
            copied &= post(checkpoint);
        }
        if (copied) {
            copiedUpTo = checkpoint.treeSize();
        }
    }

    private boolean writeFile(Stored checkpoint) {
        Path dir = properties.sinkDirectory();
        try {
            Files.createDirectories(dir);
            Path named = dir.resolve("checkpoint." + checkpoint.treeSize());
            Path temporary = Files.createTempFile(dir, ".checkpoint", ".tmp");
            Files.writeString(temporary, checkpoint.note(), StandardCharsets.UTF_8);
            // Each size keeps its own file (never overwritten), and "checkpoint" is always the newest, both whole.
            Files.copy(temporary, named, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, dir.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            log.warn("Cannot write audit checkpoint {} to {}; will retry", checkpoint.treeSize(), dir, e);
            return false;
        }
    }

    private boolean post(Stored checkpoint) {
        try {
            var request = HttpRequest.newBuilder(properties.witnessUrl())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(checkpoint.note(), StandardCharsets.UTF_8))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return true;
            }
            log.warn("The witness at {} answered {} to audit checkpoint {}; will retry", properties.witnessUrl(),
                    status, checkpoint.treeSize());
        } catch (IOException e) {
            log.warn("Cannot send audit checkpoint {} to {}; will retry", checkpoint.treeSize(),
                    properties.witnessUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void run() {
        Instant lastRound = clock.instant();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                boolean woken = wakeUps.tryAcquire(properties.every().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                if (due(woken, lastRound)) {
                    publish();
                    lastRound = clock.instant();
                } else {
                    copyToSinks();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Publishing an audit checkpoint failed; will retry", e);
            }
        }
    }

    /** Due when the tree grew by every-entries since the last checkpoint, or grew at all and every has passed. */
    private boolean due(boolean woken, Instant lastRound) {
        Long size = jdbc.queryForObject("SELECT max(seq) FROM audit_chain", Long.class);
        if (size == null) {
            return false;
        }
        long checkpointed = latest().map(Stored::treeSize).orElse(0L);
        long growth = size - checkpointed;
        if (growth <= 0) {
            return false;
        }
        return growth >= properties.everyEntries() || !woken
                || Duration.between(lastRound, clock.instant()).compareTo(properties.every()) >= 0;
    }

    @Override
    public void start() {
        worker.start(this::run);
    }

    @Override
    public void stop() {
        worker.stop(15_000);
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }
}
