package io.countersign.engine.embedded;

import java.io.IOException;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the embedded engine alone in a JVM the crash test can kill. Prints {@link #READY} once it has replayed and
 * exits when its standard input closes, so a failed test never leaves it behind. With a third argument, a segment
 * size in bytes, it snapshots every 20 ms whenever something was processed, so with small segments it is
 * almost always checkpointing, sealing or compacting when it is killed.
 */
final class EngineProcessMain {

    static final String READY = "ENGINE READY";

    private EngineProcessMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        EmbeddedEngine engine;
        if (args.length > 2) {
            engine = EmbeddedEngine.start(dataDir, "127.0.0.1", port,
                    EngineCredential.loadOrCreate(dataDir.resolve(EngineCredential.DEFAULT_FILE)),
                    new EmbeddedEngine.SnapshotPolicy(Duration.ZERO, Long.MAX_VALUE, 2, Long.parseLong(args[2])));
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory())
                    .scheduleWithFixedDelay(() -> snapshotQuietly(engine), 20, 20, TimeUnit.MILLISECONDS);
        } else {
            engine = EmbeddedEngine.start(dataDir, "127.0.0.1", port);
        }
        // Ready as the readiness probe means it: the replay is over, so a first command does not wait behind it.
        Awaitility.await().atMost(Duration.ofMinutes(5)).until(() -> engine.replayTime().isPresent());
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Waiting for the parent to close our input.
        }
        engine.stop();
    }

    /** A failed snapshot must not end the schedule: the next one tries again, as the engine's own watch does. */
    private static void snapshotQuietly(EmbeddedEngine engine) {
        try {
            engine.snapshot();
        } catch (RuntimeException e) {
            System.err.println("snapshot failed: " + e);
        }
    }
}
