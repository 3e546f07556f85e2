package io.countersign.engine.embedded;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.logstreams.storage.LogStorage.AppendListener;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the engine log and the embedded engine on this machine. Not a test: numbers go to the architecture notes.
 *
 * <p>{@code storage <blockBytes> <window> <seconds>}: appends from one thread with at most {@code window} appends
 * waiting for their commit (Zeebe's flow control keeps a similar bound), reports appends/s, the p50/p99
 * append-to-commit latency and the mean group size per fsync.
 *
 * <p>{@code snapshot-restart <instances>}: that many finished instances, then the restart time from the snapshot
 * the clean stop took and, with the snapshots moved away, from the whole log.
 *
 * <p>{@code restart <instances>}: creates that many waiting process instances, stops the engine, and times the
 * restart until the engine answers a new command (that is, until the log has been replayed).
 */
public final class EngineBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "storage" -> storage(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "restart" -> restart(Integer.parseInt(args[1]));
            case "snapshot-restart" -> snapshotRestart(Integer.parseInt(args[1]));
            case "generate" -> generate(Path.of(args[1]),
                    Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray());
            default -> throw new IllegalArgumentException("storage | restart | snapshot-restart | generate");
        }
        // The process test engine's state monitor keeps a non-daemon timer thread alive.
        System.exit(0);
    }

    private static void storage(int blockBytes, int window, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("engine-log-bench");
        LongAdder groups = new LongAdder();
        LongAdder grouped = new LongAdder();
        FileLogStorage log = FileLogStorage.open(dir, blocks -> {
            groups.increment();
            grouped.add(blocks);
        });
        Semaphore inFlight = new Semaphore(window);
        long[] latencies = new long[10_000_000];
        AtomicLong recorded = new AtomicLong();
        byte[] payload = new byte[blockBytes];
        long position = 1;
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        long measuredStart = 0;
        long measured = 0;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            long startedAt = System.nanoTime();
            boolean counts = startedAt >= warmupEnd;
            if (counts && measuredStart == 0) {
                measuredStart = startedAt;
                groups.reset();
                grouped.reset();
            }
            log.append(position, position, ByteBuffer.wrap(payload), new AppendListener() {
                @Override
                public void onCommit(long index, long highestPosition) {
                    if (counts) {
                        long i = recorded.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[(int) i] = System.nanoTime() - startedAt;
                        }
                    }
                    inFlight.release();
                }
            });
            position++;
            if (counts) {
                measured++;
            }
        }
        inFlight.acquire(window);
        double elapsed = (System.nanoTime() - measuredStart) / 1e9;
        log.close();
        long[] sorted = Arrays.copyOf(latencies, (int) Math.min(recorded.get(), latencies.length));
        Arrays.sort(sorted);
        System.out.printf("storage block=%dB window=%d: %.0f appends/s, %.1f MB/s, commit latency p50=%.2f ms"
                        + " p99=%.2f ms max=%.2f ms, %.1f blocks per fsync%n",
                blockBytes, window, measured / elapsed, measured * (double) blockBytes / elapsed / 1e6,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                grouped.sum() / (double) Math.max(1, groups.sum()));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static void restart(int instances) throws Exception {
        Path dir = Files.createTempDirectory("engine-restart-bench");
        int port = 26_999;
        EmbeddedEngine engine = EmbeddedEngine.start(dir, "127.0.0.1", port);
        long created;
        double createRate;
        try (CamundaClient client = client(port, engine)) {
            client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("process_bench")
                            .startEvent("start_event_submitted")
                            .intermediateCatchEvent("message_catch_event_decision")
                            .message(m -> m.name("decision").zeebeCorrelationKeyExpression("requestId"))
                            .endEvent("end_event_done")
                            .done(), "bench.bpmn")
                    .send().join();
            long startedAt = System.nanoTime();
            created = createInstances(client, instances);
            createRate = created / ((System.nanoTime() - startedAt) / 1e9);
        } finally {
            engine.stop();
        }
        long logBytes = Files.size(dir.resolve(FileLogStorage.LOG_FILE));

        long restartAt = System.nanoTime();
        engine = EmbeddedEngine.start(dir, "127.0.0.1", port);
        double engineStarted = (System.nanoTime() - restartAt) / 1e6;
        try (CamundaClient client = client(port, engine)) {
            client.newCreateInstanceCommand().bpmnProcessId("process_bench").latestVersion()
                    .variables(Map.of("requestId", "after-restart")).send().join();
            double answering = (System.nanoTime() - restartAt) / 1e6;
            System.out.printf("restart after %d waiting instances (created at %.0f instances/s, log %.1f MB):"
                            + " engine started in %.0f ms, first command answered after %.0f ms%n",
                    created, createRate, logBytes / 1e6, engineStarted, answering);
        } finally {
            engine.stop();
        }
    }

    /**
     * Creates that many instances that finish at once (finished plans in the history), stops the engine cleanly
     * (which snapshots its state), and times two restarts until a new command is answered: from the snapshot, and
     * with the snapshots moved away (the whole log replayed, as before snapshots existed).
     */
    private static void snapshotRestart(int instances) throws Exception {
        Path dir = Files.createTempDirectory("engine-snapshot-bench");
        int port = 26_998;
        EmbeddedEngine engine = EmbeddedEngine.start(dir, "127.0.0.1", port);
        long created;
        try (CamundaClient client = client(port, engine)) {
            client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("process_bench")
                            .startEvent("start_event_submitted").endEvent("end_event_done").done(), "bench.bpmn")
                    .send().join();
            created = createInstances(client, instances);
        } finally {
            engine.stop();
        }
        long logBytes = Files.size(dir.resolve(FileLogStorage.LOG_FILE));
        double fromSnapshot = timedRestart(dir, port);
        Path snapshots = dir.resolve(EngineSnapshots.DIR);
        Files.move(snapshots, dir.resolve("snapshots-aside"));
        double wholeLog = timedRestart(dir, port);
        System.out.printf("restart after %d finished instances (log %.1f MB): first command answered after %.0f ms"
                + " from the snapshot, %.0f ms replaying the whole log%n", created, logBytes / 1e6, fromSnapshot,
                wholeLog);
    }

    /**
     * Builds a history of finished instances once, for the restart measurements: in {@code <root>/live}, stopping
     * cleanly at each of the given totals to copy the data directory to {@code <root>/history-<total>}.
     */
    private static void generate(Path root, int[] totals) throws Exception {
        Path live = root.resolve("live");
        int port = 26_997;
        long done = 0;
        boolean deployed = false;
        for (int total : totals) {
            long startedAt = System.nanoTime();
            EmbeddedEngine engine = EmbeddedEngine.start(live, "127.0.0.1", port);
            try (CamundaClient client = client(port, engine)) {
                if (!deployed) {
                    deployFinishing(client);
                    deployed = true;
                }
                done += createInstances(client, (int) (total - done));
            } finally {
                engine.stop();
            }
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            Path copy = root.resolve("history-" + total);
            copyTree(live, copy);
            System.out.printf("generated %d finished instances (%.0f s for this step, load %s), copied to %s%n",
                    done, seconds, loadAverage(), copy);
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deployFinishing(CamundaClient client) {
        client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("process_bench")
                        .startEvent("start_event_submitted").endEvent("end_event_done").done(), "bench.bpmn")
                .send().join();
    }

    private static double timedRestart(Path dir, int port) {
        long restartAt = System.nanoTime();
        EmbeddedEngine engine = EmbeddedEngine.start(dir, "127.0.0.1", port);
        try (CamundaClient client = client(port, engine)) {
            client.newCreateInstanceCommand().bpmnProcessId("process_bench").latestVersion().send().join();
            return (System.nanoTime() - restartAt) / 1e6;
        } finally {
            engine.stop();
        }
    }

    private static long createInstances(CamundaClient client, int instances) throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        List<CompletionStage<ProcessInstanceEvent>> pending = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            inFlight.acquire();
            pending.add(client.newCreateInstanceCommand().bpmnProcessId("process_bench").latestVersion()
                    .variables(Map.of("requestId", "request-" + i)).send()
                    .whenComplete((event, failure) -> inFlight.release()));
        }
        inFlight.acquire(64);
        return pending.stream().filter(p -> !p.toCompletableFuture().isCompletedExceptionally()).count();
    }

    private static CamundaClient client(int port, EmbeddedEngine engine) {
        return CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false).preferRestOverGrpc(false)
                .credentialsProvider(new EngineCredentials(engine.credential()))
                .grpcAddress(URI.create("http://127.0.0.1:" + port)).defaultRequestTimeout(Duration.ofMinutes(2))
                .build();
    }
}
