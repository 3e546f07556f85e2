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
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableEngineTest {

    private static final Duration ENGINE_START = Duration.ofSeconds(60);

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
            assertThat(awaitJobOf(client, instance).getElementId()).isEqualTo("service_task_after_message");
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
            assertThat(awaitJobOf(client, instance).getElementId()).isEqualTo("service_task_after_timer");
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
            assertThat(awaitJobOf(client, instance).getBpmnProcessId()).isEqualTo(TestProcesses.WAITS_FOR_MESSAGE);
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private <T> T withEngine(EngineSession<T> session) {
        EmbeddedEngine engine = EmbeddedEngine.start(dataDir, "127.0.0.1", port);
        try (CamundaClient client = client(port, dataDir)) {
            return session.run(client);
        } finally {
            engine.stop();
        }
    }

    private static ActivatedJob awaitJobOf(CamundaClient client, long processInstanceKey) {
        List<ActivatedJob> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            seen.addAll(jobsAfterWait(client));
            return seen.stream().anyMatch(job -> job.getProcessInstanceKey() == processInstanceKey);
        });
        return seen.stream().filter(job -> job.getProcessInstanceKey() == processInstanceKey).findFirst().orElseThrow();
    }

    private Process startEngineProcess() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"),
                        EngineProcessMain.class.getName(),
                        dataDir.toString(),
                        Integer.toString(port))
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
