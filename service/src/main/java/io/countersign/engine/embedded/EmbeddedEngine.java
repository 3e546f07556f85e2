package io.countersign.engine.embedded;

import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.DurableEngineFactory;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.countersign.engine.EngineClock;
import io.countersign.engine.EngineReplay;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zeebe running in this JVM on a log kept on disk; owns the log, so stopping the engine also closes it. Its state is
 * restored from the newest valid snapshot on start (see {@link EngineSnapshots}), snapshotted again every
 * {@link SnapshotPolicy#interval()} or {@link SnapshotPolicy#records()} records and at a clean stop.
 */
final class EmbeddedEngine implements EngineClock, EngineReplay {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);
    static final String STATE_DIR = "state";
    private static final Duration PHASE_POLL = Duration.ofMillis(100);
    private static final Duration SNAPSHOT_CHECK = Duration.ofSeconds(5);
    private static final Duration LOG_COMMIT_WAIT = Duration.ofSeconds(30);

    /**
     * When to snapshot: after {@code interval} if anything was processed since the last one, or as soon as
     * {@code records} positions were processed since; {@code keep} snapshots are kept. A zero interval turns periodic
     * snapshots off (the one at a clean stop is still taken). The log is written in segments of about
     * {@code segmentBytes}; once two snapshots are kept, the segments wholly below the oldest are deleted.
     */
    record SnapshotPolicy(Duration interval, long records, int keep, long segmentBytes) {
        static final SnapshotPolicy DEFAULT = new SnapshotPolicy(Duration.ofMinutes(5), 25_000, 2);

        SnapshotPolicy(Duration interval, long records, int keep) {
            this(interval, records, keep, FileLogStorage.DEFAULT_SEGMENT_BYTES);
        }
    }

    private final FileLogStorage log;
    private final ZeebeTestEngine engine;
    private final ControlledActorClock clock;
    private final EngineCredential credential;
    private final StreamProcessor processor;
    private final ZeebeDb<ZbColumnFamilies> state;
    private final EngineSnapshots snapshots;
    private final SnapshotPolicy policy;
    private final Long restoredFrom;
    private final long startedNanos;
    private volatile String phase = "INITIAL";
    private volatile Duration replayTime;
    private volatile boolean stopped;
    private long lastSnapshotPosition;
    private long lastSnapshotNanos;

    private EmbeddedEngine(FileLogStorage log, DurableEngineFactory.Assembled assembled, ZeebeDb<ZbColumnFamilies> state,
            ControlledActorClock clock, EngineCredential credential, EngineSnapshots snapshots, SnapshotPolicy policy,
            Long restoredFrom, long startedNanos) {
        this.log = log;
        this.engine = assembled.engine();
        this.processor = assembled.processor();
        this.state = state;
        this.clock = clock;
        this.credential = credential;
        this.snapshots = snapshots;
        this.policy = policy;
        this.restoredFrom = restoredFrom;
        this.lastSnapshotPosition = restoredFrom == null ? -1 : restoredFrom;
        this.startedNanos = startedNanos;
        this.lastSnapshotNanos = startedNanos;
        Thread.ofPlatform().daemon().name("embedded-engine-replay-watch").start(this::watch);
    }

    /** As {@link #start(Path, String, int, EngineCredential)}, with the credential file in its default place. */
    static EmbeddedEngine start(Path dataDir, String host, int port) {
        return start(dataDir, host, port,
                EngineCredential.loadOrCreate(dataDir.resolve(EngineCredential.DEFAULT_FILE)), SnapshotPolicy.DEFAULT);
    }

    static EmbeddedEngine start(Path dataDir, String host, int port, EngineCredential credential) {
        return start(dataDir, host, port, credential, SnapshotPolicy.DEFAULT);
    }

    /**
     * Opens the log in {@code dataDir}, restores the newest valid snapshot of the state (none: an empty state), starts
     * the engine on them and serves gRPC on {@code host:port} to callers that present {@code credential}. The engine
     * replays the log after the snapshot before it processes new commands; requests sent meanwhile wait in the log.
     */
    static EmbeddedEngine start(Path dataDir, String host, int port, EngineCredential credential,
            SnapshotPolicy policy) {
        long started = System.nanoTime();
        FileLogStorage log = FileLogStorage.open(dataDir, FileLogStorage.FlushObserver.NONE, policy.segmentBytes());
        try {
            EngineSnapshots snapshots = new EngineSnapshots(dataDir, policy.keep());
            Path stateDir = dataDir.resolve(STATE_DIR);
            Long restoredFrom = snapshots.restoreNewest(stateDir, log.committedPosition(), log.compactedBelow())
                    .orElse(null);
            ZeebeDb<ZbColumnFamilies> state = EngineState.open(stateDir);
            ControlledActorClock clock = new ControlledActorClock();
            DurableEngineFactory.Assembled engine = DurableEngineFactory.create(
                    log, state, new InetSocketAddress(host, port), new GatewayCredentialCheck(credential), clock);
            engine.engine().start();
            LOG.info("Embedded Camunda engine serving gRPC (credential required) on {}:{} with its log in {} "
                    + "(started in {} ms, state {})",
                    host, port, dataDir.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000,
                    restoredFrom == null ? "rebuilt from the whole log" : "from the snapshot at " + restoredFrom);
            return new EmbeddedEngine(log, engine, state, clock, credential, snapshots, policy, restoredFrom, started);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** The credential the gateway admits. */
    EngineCredential credential() {
        return credential;
    }

    /** The processed position of the snapshot this start restored, if any. */
    Optional<Long> restoredFrom() {
        return Optional.ofNullable(restoredFrom);
    }

    /**
     * Snapshots the state now, if anything was processed since the last one: processing pauses for the checkpoint
     * (a RocksDB checkpoint, milliseconds), and the snapshot is sealed once the log is on disk as far as the processor
     * had written. Answers the snapshot's processed position.
     */
    synchronized Optional<Long> snapshot() {
        // The watcher may not have seen the replay end yet (it polls, and a busy processor answers late): ask again
        // here, so a clean stop right after the first commands still snapshots them.
        if (stopped || !leftReplay()) {
            return Optional.empty();
        }
        long processed;
        long written;
        Path checkpoint;
        processor.pauseProcessing().join();
        try {
            processed = processor.getLastProcessedPositionAsync().join();
            written = processor.getLastWrittenPositionAsync().join();
            if (processed <= lastSnapshotPosition) {
                return Optional.empty();
            }
            checkpoint = snapshots.checkpoint(state, processed);
        } finally {
            processor.resumeProcessing();
        }
        awaitLogCommitted(written);
        snapshots.seal(checkpoint);
        lastSnapshotPosition = processed;
        lastSnapshotNanos = System.nanoTime();
        LOG.info("Engine state snapshot taken at processed position {}", processed);
        compact();
        return Optional.of(processed);
    }

    /**
     * Deletes the log below the oldest snapshot kept, once there are two: if the newest turns out damaged at the next
     * start, the older one is used, and the log from its position on is still there. With a single snapshot nothing
     * is deleted, so a damaged one still leaves the whole log to replay.
     */
    private void compact() {
        List<Long> kept = snapshots.positions();
        if (kept.size() >= 2) {
            log.compact(kept.getFirst());
        }
    }

    /** The log's segment files, oldest first. */
    List<Path> logSegments() {
        return log.segmentFiles();
    }

    private void awaitLogCommitted(long position) {
        long deadline = System.nanoTime() + LOG_COMMIT_WAIT.toNanos();
        while (log.committedPosition() < position) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The engine log did not reach position " + position
                        + " in time; the snapshot is not sealed");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while sealing a snapshot", e);
            }
        }
    }

    /** Follows the stream processor until it leaves the replay, then takes snapshots as the policy says. */
    private void watch() {
        while (!stopped && !leftReplay()) {
            if (!phase.equals("INITIAL") && !phase.equals("REPLAY")) {
                LOG.error("Embedded Camunda engine left its replay in phase {}", phase);
                return;
            }
            if (!pause(PHASE_POLL)) {
                return;
            }
        }
        while (!stopped && pause(SNAPSHOT_CHECK)) {
            try {
                if (snapshotDue()) {
                    snapshot();
                }
            } catch (RuntimeException e) {
                LOG.warn("Taking an engine state snapshot failed; the next check tries again", e);
            }
        }
    }

    /** Whether the processor has left its replay and processes new commands; notes when it first did. */
    private synchronized boolean leftReplay() {
        if (replayTime != null) {
            return true;
        }
        String now = currentPhase();
        phase = now;
        if (now.equals("PROCESSING")) {
            replayTime = Duration.ofNanos(System.nanoTime() - startedNanos);
            LOG.info("Embedded Camunda engine replayed its log in {} ms and processes new commands",
                    replayTime.toMillis());
            return true;
        }
        return false;
    }

    private synchronized boolean snapshotDue() {
        if (stopped) {
            return false;
        }
        long processed = processor.getLastProcessedPositionAsync().join();
        boolean interval = !policy.interval().isZero()
                && System.nanoTime() - lastSnapshotNanos >= policy.interval().toNanos();
        return processed > lastSnapshotPosition
                && (interval || processed - lastSnapshotPosition >= policy.records());
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String currentPhase() {
        try {
            return processor.getCurrentPhase().get(5, TimeUnit.SECONDS).name();
        } catch (Exception e) {
            // The processor actor is busy or closing; ask again on the next round.
            return phase;
        }
    }

    @Override
    public String phase() {
        String now = phase;
        if (replayTime != null && !stopped) {
            // After the replay the phase can still change (a processing failure): ask the processor itself.
            now = currentPhase();
            phase = now;
        }
        return now;
    }

    @Override
    public Optional<Duration> replayTime() {
        return Optional.ofNullable(replayTime);
    }

    /** Takes a last snapshot (so the next start replays nothing), then stops the engine and closes its log. */
    void stop() {
        try {
            snapshot();
        } catch (RuntimeException e) {
            LOG.warn("The snapshot at shutdown failed; the next start replays from the one before", e);
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                engine.stop();
            } finally {
                log.close();
                LOG.info("Embedded Camunda engine stopped; its log is closed");
            }
        }
    }

    @Override
    public void advance(Duration duration) {
        clock.addTime(duration);
    }

    @Override
    public Instant now() {
        clock.update();
        return clock.getCurrentTime();
    }
}
