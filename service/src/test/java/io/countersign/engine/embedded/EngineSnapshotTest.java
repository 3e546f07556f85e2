package io.countersign.engine.embedded;

import static io.countersign.engine.embedded.TestProcesses.client;
import static io.countersign.engine.embedded.TestProcesses.deploy;
import static io.countersign.engine.embedded.TestProcesses.freePort;
import static io.countersign.engine.embedded.TestProcesses.jobsAfterWait;
import static io.countersign.engine.embedded.TestProcesses.publish;
import static io.countersign.engine.embedded.TestProcesses.startWaitingForMessage;
import static io.countersign.engine.embedded.TestProcesses.startWaitingForTimer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots of the embedded engine's state: taken, restored, and skipped when damaged. */
class EngineSnapshotTest {

    /** No periodic snapshots: the test takes them itself, and at each clean stop. */
    private static final EmbeddedEngine.SnapshotPolicy BY_HAND =
            new EmbeddedEngine.SnapshotPolicy(Duration.ZERO, Long.MAX_VALUE, 2);

    @TempDir
    Path dataDir;

    private final int port = freePort();

    @Test
    void aCleanStopSnapshotsTheStateAndTheNextStartRestoresItAndReplaysOnlyWhatFollows() {
        EmbeddedEngine first = start();
        long waiting;
        try (CamundaClient client = client(port, dataDir)) {
            assertThat(first.restoredFrom()).isEmpty();
            deploy(client);
            waiting = startWaitingForMessage(client, "order-snap");
        } finally {
            first.stop();
        }
        List<Long> taken = new EngineSnapshots(dataDir, 2).positions();
        assertThat(taken).hasSize(1);

        EmbeddedEngine second = start();
        try (CamundaClient client = client(port, dataDir)) {
            assertThat(second.restoredFrom()).contains(taken.getFirst());
            long next = startWaitingForMessage(client, "order-after");
            assertThat(next).as("keys go on from the snapshot's").isNotEqualTo(waiting);
            publish(client, "order-snap");
            assertThat(awaitJobOf(client, waiting).getProcessInstanceKey()).isEqualTo(waiting);
        } finally {
            second.stop();
        }
        List<Long> after = new EngineSnapshots(dataDir, 2).positions();
        assertThat(after).hasSize(2).first().isEqualTo(taken.getFirst());
        assertThat(after.getLast()).as("the second stop snapshots what the second run did").isGreaterThan(taken.getFirst());
    }

    @Test
    void aSnapshotThatFailsItsChecksumIsSkippedForTheOneBeforeAndTheLogAfterThatIsReplayed() throws IOException {
        EmbeddedEngine engine = start();
        long early;
        long late;
        long older;
        try (CamundaClient client = client(port, dataDir)) {
            deploy(client);
            early = startWaitingForMessage(client, "order-early");
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.snapshot().isPresent());
            older = new EngineSnapshots(dataDir, 2).positions().getLast();
            // A timer rather than a message: its wait is set up within the one command, so nothing of it is left in
            // flight (a message subscription is opened by follow-up commands) when the engine stops right after.
            late = startWaitingForTimer(client);
        } finally {
            engine.stop();
        }
        List<Long> positions = new EngineSnapshots(dataDir, 2).positions();
        assertThat(positions).hasSize(2).first().isEqualTo(older);
        damageAFileOf(positions.getLast());

        EmbeddedEngine restarted = start();
        try (CamundaClient client = client(port, dataDir)) {
            assertThat(restarted.restoredFrom()).contains(older);
            publish(client, "order-early");
            restarted.advance(Duration.ofHours(2));
            // One collection for both: a job activated while waiting for the other is not handed out again.
            assertThat(awaitJobsOf(client, early, late))
                    .as("the late one was created after the older snapshot: rebuilt by replaying the log after it")
                    .contains(early, late);
        } finally {
            restarted.stop();
        }
        try (Stream<Path> left = Files.list(dataDir.resolve(EngineSnapshots.DIR))) {
            assertThat(left.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("invalid-"));
        }
    }

    private EmbeddedEngine start() {
        return EmbeddedEngine.start(dataDir, "127.0.0.1", port,
                EngineCredential.loadOrCreate(dataDir.resolve(EngineCredential.DEFAULT_FILE)), BY_HAND);
    }

    private void damageAFileOf(long position) throws IOException {
        Path snapshot = dataDir.resolve(EngineSnapshots.DIR).resolve(String.format("%020d", position));
        try (Stream<Path> files = Files.list(snapshot)) {
            Path victim = files.filter(p -> p.getFileName().toString().endsWith(".sst")
                            || p.getFileName().toString().startsWith("MANIFEST"))
                    .findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(victim);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(victim, bytes);
        }
    }

    private static java.util.Set<Long> awaitJobsOf(CamundaClient client, long... processInstanceKeys) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            jobsAfterWait(client).forEach(job -> seen.add(job.getProcessInstanceKey()));
            return java.util.Arrays.stream(processInstanceKeys).allMatch(seen::contains);
        });
        return seen;
    }

    private static ActivatedJob awaitJobOf(CamundaClient client, long processInstanceKey) {
        List<ActivatedJob> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            seen.addAll(jobsAfterWait(client));
            return seen.stream().anyMatch(job -> job.getProcessInstanceKey() == processInstanceKey);
        });
        return seen.stream().filter(job -> job.getProcessInstanceKey() == processInstanceKey).findFirst().orElseThrow();
    }
}
