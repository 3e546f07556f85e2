package io.countersign.engine.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.DurableEngineFactory;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.countersign.engine.EngineClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Zeebe running in this JVM on a log kept on disk; owns the log, so stopping the engine also closes it. */
final class EmbeddedEngine implements EngineClock {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);
    static final String STATE_DIR = "state";

    private final FileLogStorage log;
    private final ZeebeTestEngine engine;
    private final ControlledActorClock clock;
    private final EngineCredential credential;
    private boolean stopped;

    private EmbeddedEngine(FileLogStorage log, ZeebeTestEngine engine, ControlledActorClock clock,
            EngineCredential credential) {
        this.log = log;
        this.engine = engine;
        this.clock = clock;
        this.credential = credential;
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
            ZeebeTestEngine engine = DurableEngineFactory.create(
                    log, EngineState.fresh(dataDir.resolve(STATE_DIR)), new InetSocketAddress(host, port),
                    new GatewayCredentialCheck(credential), clock);
            engine.start();
            LOG.info("Embedded Camunda engine serving gRPC (credential required) on {}:{} with its log in {} "
                    + "(started in {} ms)",
                    host, port, dataDir.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedEngine(log, engine, clock, credential);
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
