package io.countersign.engine.embedded;

import static io.countersign.engine.embedded.TestProcesses.client;
import static io.countersign.engine.embedded.TestProcesses.deploy;
import static io.countersign.engine.embedded.TestProcesses.freePort;
import static io.countersign.engine.embedded.TestProcesses.jobsAfterWait;
import static io.countersign.engine.embedded.TestProcesses.publish;
import static io.countersign.engine.embedded.TestProcesses.startWaitingForMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's log compacted below its oldest kept snapshot: old segments go, every instance stays. */
class EngineCompactionTest {

    /** Snapshots by hand only, and segments small enough that each round of the test fills several. */
    private static final EmbeddedEngine.SnapshotPolicy SMALL_SEGMENTS =
            new EmbeddedEngine.SnapshotPolicy(Duration.ZERO, Long.MAX_VALUE, 2, 16 * 1024);
    private static final int ROUNDS = 4;

    @TempDir
    Path dataDir;

    private final int port = freePort();

    @Test
    void afterSeveralSnapshotsTheOldSegmentsAreGoneAndARestartKeepsEveryInstance() {
        List<String> orders = runRoundsWithASnapshotAfterEach();

        List<Path> kept;
        EmbeddedEngine restarted = start();
        try (CamundaClient client = client(port, dataDir)) {
            kept = restarted.logSegments();
            assertThat(kept).doesNotContain(LogSegment.file(dataDir, 1), LogSegment.file(dataDir, 2));
            assertThat(restarted.restoredFrom()).isPresent();
            assertEveryOrderResumes(client, orders);
        } finally {
            restarted.stop();
        }
        assertThat(kept.getFirst()).as("the first segment kept is the one holding the oldest snapshot's position")
                .exists();
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToTheOlderOneAndTheLogStillCoversIt() throws IOException {
        List<String> orders = runRoundsWithASnapshotAfterEach();
        List<Long> positions = new EngineSnapshots(dataDir, 2).positions();
        assertThat(positions).hasSize(2);
        assertThat(LogSegment.file(dataDir, 1)).as("compacted").doesNotExist();
        damage(positions.getLast());

        EmbeddedEngine restarted = start();
        try (CamundaClient client = client(port, dataDir)) {
            assertThat(restarted.restoredFrom()).contains(positions.getFirst());
            assertEveryOrderResumes(client, orders);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aCompactedLogWithEverySnapshotDamagedRefusesToStartRatherThanReplayOntoAnEmptyState() throws IOException {
        runRoundsWithASnapshotAfterEach();
        List<Long> positions = new EngineSnapshots(dataDir, 2).positions();
        for (long position : positions) {
            damage(position);
        }

        assertThatThrownBy(this::start).isInstanceOf(EngineSnapshots.NoUsableSnapshot.class)
                .hasMessageContaining("compacted below position");
    }

    /** Orders waiting for their message, created over {@link #ROUNDS} rounds with a snapshot after each. */
    private List<String> runRoundsWithASnapshotAfterEach() {
        List<String> orders = new ArrayList<>();
        EmbeddedEngine engine = start();
        try (CamundaClient client = client(port, dataDir)) {
            deploy(client);
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < 5; i++) {
                    String order = "order-" + round + "-" + i;
                    startWaitingForMessage(client, order);
                    orders.add(order);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> engine.snapshot().isPresent());
            }
            assertThat(engine.logSegments()).as("compacted while running").doesNotContain(LogSegment.file(dataDir, 1));
        } finally {
            engine.stop();
        }
        return orders;
    }

    /** Every order gets its message; each one's instance must then open its job. */
    private static void assertEveryOrderResumes(CamundaClient client, List<String> orders) {
        orders.forEach(order -> publish(client, order));
        Set<Long> resumed = new HashSet<>();
        // A message subscription whose opening was still in flight at the stop is re-sent by Zeebe within 40 s.
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            jobsAfterWait(client).forEach(job -> resumed.add(job.getProcessInstanceKey()));
            return resumed.size() == orders.size();
        });
    }

    private EmbeddedEngine start() {
        return EmbeddedEngine.start(dataDir, "127.0.0.1", port,
                EngineCredential.loadOrCreate(dataDir.resolve(EngineCredential.DEFAULT_FILE)), SMALL_SEGMENTS);
    }

    private void damage(long position) throws IOException {
        Path snapshot = dataDir.resolve(EngineSnapshots.DIR).resolve(String.format("%020d", position));
        try (Stream<Path> files = Files.list(snapshot)) {
            Path victim = files.filter(p -> !p.getFileName().toString().equals(EngineSnapshots.CHECKSUMS))
                    .findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(victim);
            bytes[bytes.length / 2] ^= 0x5A;
            // A new file, not a write through: the checkpoint's files are hard links shared with the other snapshot.
            Files.delete(victim);
            Files.write(victim, bytes);
        }
    }
}
