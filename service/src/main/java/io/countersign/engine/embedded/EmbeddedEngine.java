package io.countersign.engine.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.DurableEngineFactory;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.countersign.engine.EngineClock;
import io.countersign.engine.EngineReplay;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Zeebe running in this JVM on a log kept on disk; owns the log, so stopping the engine also closes it. */
final class EmbeddedEngine implements EngineClock, EngineReplay {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);
    static final String STATE_DIR = "state";
    private static final Duration PHASE_POLL = Duration.ofMillis(100);

    private final FileLogStorage log;
    private final ZeebeTestEngine engine;
    private final ControlledActorClock clock;
    private final EngineCredential credential;
    private final StreamProcessor processor;
    private final long startedNanos;
    private volatile String phase = "INITIAL";
    private volatile Duration replayTime;
    private volatile boolean stopped;

    private EmbeddedEngine(FileLogStorage log, DurableEngineFactory.Assembled assembled, ControlledActorClock clock,
            EngineCredential credential, long startedNanos) {
        this.log = log;
        this.engine = assembled.engine();
        this.processor = assembled.processor();
        this.clock = clock;
        this.credential = credential;
        this.startedNanos = startedNanos;
        Thread.ofPlatform().daemon().name("embedded-engine-replay-watch").start(this::watchReplay);
    }

    /** Follows the stream processor until it leaves the replay, and says how long that took. */
    private void watchReplay() {
        while (!stopped) {
            String now = currentPhase();
            phase = now;
            if (!now.equals("INITIAL") && !now.equals("REPLAY")) {
                if (now.equals("PROCESSING")) {
                    replayTime = Duration.ofNanos(System.nanoTime() - startedNanos);
                    LOG.info("Embedded Camunda engine replayed its log in {} ms and processes new commands",
                            replayTime.toMillis());
                } else {
                    LOG.error("Embedded Camunda engine left its replay in phase {}", now);
                }
                return;
            }
            try {
                Thread.sleep(PHASE_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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

    /** As {@link #start(Path, String, int, EngineCredential)}, with the credential file in its default place. */
    static EmbeddedEngine start(Path dataDir, String host, int port) {
        return start(dataDir, host, port,
                EngineCredential.loadOrCreate(dataDir.resolve(EngineCredential.DEFAULT_FILE)));
    }

    /**
     * Opens the log in {@code dataDir}, starts the engine on it and serves gRPC on {@code host:port} to callers
     * that present {@code credential}. The engine replays the whole log before it processes new commands; requests
     * sent meanwhile wait in the log.
     */
    static EmbeddedEngine start(Path dataDir, String host, int port, EngineCredential credential) {
        long started = System.nanoTime();
        FileLogStorage log = FileLogStorage.open(dataDir);
        try {
            ControlledActorClock clock = new ControlledActorClock();
            DurableEngineFactory.Assembled engine = DurableEngineFactory.create(
                    log, EngineState.fresh(dataDir.resolve(STATE_DIR)), new InetSocketAddress(host, port),
                    new GatewayCredentialCheck(credential), clock);
            engine.engine().start();
            LOG.info("Embedded Camunda engine serving gRPC (credential required) on {}:{} with its log in {} "
                    + "(started in {} ms)",
                    host, port, dataDir.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedEngine(log, engine, clock, credential, started);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** The credential the gateway admits. */
    EngineCredential credential() {
        return credential;
    }

    synchronized void stop() {
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
