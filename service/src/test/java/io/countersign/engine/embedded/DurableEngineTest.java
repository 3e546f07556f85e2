package io.countersign.engine.embedded;

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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableEngineTest {

    /** A child JVM's start under load: the JVM, RocksDB's native library, the replay. */
    private static final Duration ENGINE_START = Duration.ofSeconds(120);
    /**
     * How long a job may take to appear after its instance's message was published. Killed right after the create
     * response, the engine may not yet have written the follow-up command that opens the instance's message
     * subscription; after the restart Zeebe re-sends it once it is 10 s overdue, checking every 30 s, so the message
     * correlates up to 40 s late. The old 30 s wait here made the test fail whenever the kill landed in that window,
     * which load widens (the flake); the instance itself was never lost.
     */
    private static final Duration MESSAGE_TO_JOB = Duration.ofSeconds(120);
    /** Segments of a few blocks: the churning child rolls and compacts all the time. */
    private static final long TINY_SEGMENTS = 4 * 1024;

    @TempDir
    Path workDir;

    private Path dataDir;
    private final int port = freePort();

    @BeforeEach
    void useADataDirInsideTheWorkDir() {
        dataDir = workDir.resolve("engine");
    }

    @Test
    void aWaitingInstanceResumesOnAMessageAfterARestart() {
        long instance = withEngine(client -> {
            deploy(client);
            long key = startWaitingForMessage(client, "order-1");
            assertThat(jobsAfterWait(client)).isEmpty();
            return key;
        });

        withEngine(client -> {
            publish(client, "order-1");
            assertThat(awaitJobOf(client, instance, MESSAGE_TO_JOB).getElementId())
                    .isEqualTo("service_task_after_message");
            return null;
        });
    }

    @Test
    void aTimerStillFiresAfterARestart() {
        long instance = withEngine(client -> {
            deploy(client);
            return startWaitingForTimer(client);
        });

        EmbeddedEngine engine = EmbeddedEngine.start(dataDir, "127.0.0.1", port);
        try (CamundaClient client = client(port, dataDir)) {
            assertThat(jobsAfterWait(client)).isEmpty();
            engine.advance(Duration.ofHours(2));
            assertThat(awaitJobOf(client, instance, Duration.ofSeconds(60)).getElementId())
                    .isEqualTo("service_task_after_timer");
        } finally {
            engine.stop();
        }
    }

    @Test
    void anInstanceSurvivesAKillMinusNine() throws Exception {
        Process first = startEngineProcess();
        long instance;
        try (CamundaClient client = client(port, dataDir)) {
            deploy(client);
            instance = startWaitingForMessage(client, "order-crash");
        } finally {
            first.destroyForcibly();
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isNotZero();

        Process second = startEngineProcess();
        try (CamundaClient client = client(port, dataDir)) {
            publish(client, "order-crash");
            assertThat(awaitJobOf(client, instance, MESSAGE_TO_JOB).getBpmnProcessId())
                    .isEqualTo(TestProcesses.WAITS_FOR_MESSAGE);
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJobActivatedByAKilledProcessIsHandedOutAgainWithin30SecondsOfTheRestart() throws Exception {
        Duration jobTimeout = configuredWorkerTimeout();
        Process first = startEngineProcess();
        long jobKey;
        try (CamundaClient client = client(port, dataDir)) {
            client.newDeployResourceCommand().addProcessModel(TestProcesses.opensAJob(), "opens-a-job.bpmn")
                    .send().join();
            long instance = client.newCreateInstanceCommand().bpmnProcessId(TestProcesses.OPENS_A_JOB)
                    .latestVersion().send().join().getProcessInstanceKey();
            ActivatedJob job = await().atMost(Duration.ofSeconds(60))
                    .until(() -> activate(client, jobTimeout), jobs -> !jobs.isEmpty()).getFirst();
            assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
            jobKey = job.getKey();
        } finally {
            first.destroyForcibly();
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process second = startEngineProcess();
        long ready = System.nanoTime();
        try (CamundaClient client = client(port, dataDir)) {
            List<ActivatedJob> again = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> activate(client, jobTimeout), jobs -> !jobs.isEmpty());
            long tookMillis = (System.nanoTime() - ready) / 1_000_000;
            assertThat(again).extracting(ActivatedJob::getKey).containsExactly(jobKey);
            assertThat(tookMillis).as("in-flight work moved within 30 s of the restart").isLessThanOrEqualTo(30_000);
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killsMinusNineWhileTheEngineSnapshotsAndCompactsLoseNoAcknowledgedInstance() throws Exception {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        boolean deployed = false;
        AtomicBoolean killed = new AtomicBoolean();
        for (int round = 0; round < 3; round++) {
            Process engine = startEngineProcess(Long.toString(TINY_SEGMENTS));
            try (CamundaClient client = client(port, dataDir)) {
                if (!deployed) {
                    client.newDeployResourceCommand().addProcessModel(TestProcesses.opensAJob(), "opens-a-job.bpmn")
                            .send().join();
                    deployed = true;
                }
                int before = acknowledged.size();
                killed.set(false);
                // Creations in flight from several threads, killed after a varying number were acknowledged.
                List<CompletableFuture<Void>> creators = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    creators.add(CompletableFuture.runAsync(() -> createUntilKilled(client, acknowledged, killed)));
                }
                int target = before + 15 + 10 * round;
                await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= target);
                engine.destroyForcibly();
                assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
                killed.set(true);
                CompletableFuture.allOf(creators.toArray(CompletableFuture[]::new)).join();
            } finally {
                engine.destroyForcibly();
            }
        }
        assertThat(LogSegment.file(dataDir, 1)).as("the log was compacted between the kills").doesNotExist();

        // The last start takes no snapshots of its own: it only has to show what the kills left.
        Process last = startEngineProcess();
        try (CamundaClient client = client(port, dataDir)) {
            try (var snapshots = Files.list(dataDir.resolve(EngineSnapshots.DIR))) {
                assertThat(snapshots.map(p -> p.getFileName().toString()))
                        .as("checkpoints a kill caught before their seal are gone")
                        .noneMatch(n -> n.startsWith("tmp-"));
            }
            Set<Long> withJobs = new HashSet<>();
            // A slow answer under load is asked again; only the jobs count.
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> {
                activate(client, Duration.ofMinutes(10)).forEach(job -> withJobs.add(job.getProcessInstanceKey()));
                return withJobs.containsAll(acknowledged);
            });
        } finally {
            last.destroyForcibly();
            last.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Creates instances one after another until the engine was killed; only acknowledged ones are counted. */
    private static void createUntilKilled(CamundaClient client, Set<Long> acknowledged, AtomicBoolean killed) {
        while (!killed.get()) {
            try {
                acknowledged.add(client.newCreateInstanceCommand().bpmnProcessId(TestProcesses.OPENS_A_JOB)
                        .latestVersion().requestTimeout(Duration.ofSeconds(20)).send().join().getProcessInstanceKey());
            } catch (RuntimeException e) {
                // Not acknowledged (the kill, or a timeout under load): it may or may not have been written.
            }
        }
    }

    private static List<ActivatedJob> activate(CamundaClient client, Duration timeout) {
        return client.newActivateJobsCommand().jobType(TestProcesses.FIRST_STEP).maxJobsToActivate(1000)
                .timeout(timeout).send().join().getJobs();
    }

    /** The job timeout the application's workers use: the test proves the figure that is configured. */
    private static Duration configuredWorkerTimeout() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = DurableEngineTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Duration timeout = Duration.parse(properties.getProperty("camunda.client.worker.defaults.timeout"));
        assertThat(timeout).as("a timeout that lets work move within 30 s of a restart")
                .isLessThan(Duration.ofSeconds(30));
        return timeout;
    }

    /**
     * A client whose calls may wait as long as a cold child JVM under load needs for its first commands (a deploy
     * took over 30 s at load average 35): a timeout here proves nothing about the engine.
     */
    private static CamundaClient client(int port, Path dataDir) {
        return TestProcesses.client(port, dataDir, Duration.ofSeconds(120));
    }

    private <T> T withEngine(EngineSession<T> session) {
        EmbeddedEngine engine = EmbeddedEngine.start(dataDir, "127.0.0.1", port);
        try (CamundaClient client = client(port, dataDir)) {
            return session.run(client);
        } finally {
            engine.stop();
        }
    }

    private static ActivatedJob awaitJobOf(CamundaClient client, long processInstanceKey, Duration atMost) {
        List<ActivatedJob> seen = new ArrayList<>();
        await().atMost(atMost).until(() -> {
            seen.addAll(jobsAfterWait(client));
            return seen.stream().anyMatch(job -> job.getProcessInstanceKey() == processInstanceKey);
        });
        return seen.stream().filter(job -> job.getProcessInstanceKey() == processInstanceKey).findFirst().orElseThrow();
    }

    private Process startEngineProcess(String... extra) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                EngineProcessMain.class.getName(),
                dataDir.toString(),
                Integer.toString(port)));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("engine.err").toFile()))
                .start();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> drainOutput(process, ready));
        await().atMost(ENGINE_START).until(() -> ready.isDone() || !process.isAlive());
        assertThat(ready.getNow(false)).as("engine process reported ready").isTrue();
        return process;
    }

    /** Reads the child's whole output: a full pipe would block its logging and stall the engine. */
    private static void drainOutput(Process process, CompletableFuture<Boolean> ready) {
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.contains(EngineProcessMain.READY)) {
                    ready.complete(true);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.complete(false);
    }

    @FunctionalInterface
    private interface EngineSession<T> {
        T run(CamundaClient client);
    }
}
