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
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            // Exit even so: the engine's threads would keep a failed run alive.
            System.exit(1);
        }
        // The process test engine's state monitor keeps a non-daemon timer thread alive.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "storage" -> storage(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "restart" -> restart(Integer.parseInt(args[1]));
            case "snapshot-restart" -> snapshotRestart(Integer.parseInt(args[1]));
            case "history-restart" -> historyRestart(Path.of(args[1]),
                    Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray());
            case "memory" -> memory(Integer.parseInt(args[1]));
            case "generate" -> generate(Path.of(args[1]),
                    Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray());
            default -> throw new IllegalArgumentException(
                    "storage | restart | snapshot-restart | generate | history-restart | memory");
        }
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
        long logBytes = logBytes(dir);

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
        long logBytes = logBytes(dir);
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

    /**
     * For each history {@code <root>/history-<n>} that {@code generate} left, on fresh copies: the restart to ready
     * with its snapshots moved away (the whole log replayed, as before snapshots), and after a run that took two
     * snapshots on the new code (so the log is compacted below the older one) and stopped cleanly. Each line gives
     * the log on disk, the open-time scan and the load average at the time.
     */
    private static void historyRestart(Path root, int[] totals) throws Exception {
        int port = Integer.getInteger("bench.port", 26_996);
        for (int total : totals) {
            Path history = root.resolve("history-" + total);
            Path work = root.resolve(System.getProperty("bench.work", "work-") + total);

            if (!Boolean.getBoolean("bench.afterOnly")) {
                EngineState.deleteRecursively(work);
                copyTree(history, work);
                Files.move(work.resolve(EngineSnapshots.DIR), work.resolve("snapshots-aside"));
                report(total, "before snapshots (whole log replayed)", work, port);
            }

            EngineState.deleteRecursively(work);
            copyTree(history, work);
            EmbeddedEngine engine = EmbeddedEngine.start(work, "127.0.0.1", port);
            try (CamundaClient client = client(port, engine)) {
                for (int round = 0; round < 2; round++) {
                    createInstances(client, 200);
                    await(() -> engine.snapshot().isPresent());
                }
                // About one snapshot interval after the last snapshot (~22 positions per plan: 4,000 plans for the
                // old 100,000 positions, 1,100 for today's 25,000; -Dbench.tailPlans): what a crash right before
                // the next periodic snapshot leaves to replay.
                createInstances(client, TAIL_PLANS);
            } finally {
                engine.stop();
            }
            // The crash case from a copy taken now: a start of its own would snapshot again at its clean stop.
            Path crashed = root.resolve(work.getFileName() + "-crash");
            EngineState.deleteRecursively(crashed);
            copyTree(work, crashed);
            report(total, "after snapshots (newest snapshot, log compacted)", work, port);
            List<Long> kept = new EngineSnapshots(crashed, 2).positions();
            EngineState.deleteRecursively(crashed.resolve(EngineSnapshots.DIR).resolve(String.format("%020d",
                    kept.getLast())));
            report(total, "newest snapshot removed (older one + " + TAIL_PLANS + " plans of tail, as after a crash)",
                    crashed, port);
            EngineState.deleteRecursively(crashed);
            EngineState.deleteRecursively(work);
        }
    }

    /**
     * The bare engine's memory: settled heap and resident set idle (deployed, nothing running) and after that many
     * instances waiting at a message, per waiting instance. The state lives in RocksDB, off the Java heap, so the
     * resident set shows what the heap does not.
     */
    private static void memory(int instances) throws Exception {
        Path dir = Files.createTempDirectory("engine-memory-bench");
        int port = 26_995;
        EmbeddedEngine engine = EmbeddedEngine.start(dir, "127.0.0.1", port);
        try (CamundaClient client = client(port, engine)) {
            client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("process_bench")
                            .startEvent("start_event_submitted")
                            .intermediateCatchEvent("message_catch_event_decision")
                            .message(m -> m.name("decision").zeebeCorrelationKeyExpression("requestId"))
                            .endEvent("end_event_done")
                            .done(), "bench.bpmn")
                    .send().join();
            createInstances(client, 200);
            long idleHeap = settledHeap();
            double idleRss = residentSetMiB();
            long created = createInstances(client, instances);
            long loadedHeap = settledHeap();
            double loadedRss = residentSetMiB();
            System.out.printf("bare engine memory: idle %.1f MiB heap, %.0f MiB RSS; with %d more waiting instances"
                            + " %.1f MiB heap (%.0f bytes each), %.0f MiB RSS (%.1f KiB each); load %s%n",
                    idleHeap / 1048576.0, idleRss, created, loadedHeap / 1048576.0,
                    (loadedHeap - idleHeap) / (double) created, loadedRss,
                    (loadedRss - idleRss) * 1024 / created, loadAverage());
        } finally {
            engine.stop();
        }
    }

    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double residentSetMiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static final int TAIL_PLANS = Integer.getInteger("bench.tailPlans", 4_000);

    private static void report(int total, String what, Path dir, int port) throws InterruptedException {
        long scanStarted = System.nanoTime();
        int segments;
        try (FileLogStorage log = FileLogStorage.open(dir)) {
            segments = log.segmentFiles().size();
        }
        double scanMillis = (System.nanoTime() - scanStarted) / 1e6;
        long bytes = logBytes(dir);
        String load = loadAverage();
        long restartAt = System.nanoTime();
        EmbeddedEngine engine = EmbeddedEngine.start(dir, "127.0.0.1", port);
        // Ready as the readiness probe sees it: the replay is over. A command is sent only then, because a gRPC call
        // held open through a long replay is ended by the server's keep-alive policy (too_many_pings).
        await(() -> engine.replayTime().isPresent());
        try (CamundaClient client = client(port, engine)) {
            client.newCreateInstanceCommand().bpmnProcessId("process_bench").latestVersion().send().join();
            double ready = (System.nanoTime() - restartAt) / 1e6;
            System.out.printf("%,d finished plans, %s: log %.1f MB in %d segments, open scan %.0f ms; ready (first"
                            + " command answered) after %.1f s, replay %.1f s; load before %s%n",
                    total, what, bytes / 1e6, segments, scanMillis, ready / 1000,
                    engine.replayTime().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN), load);
        } finally {
            engine.stop();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(50);
        }
    }

    static long logBytes(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> LogSegment.idOf(f) >= 0).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
