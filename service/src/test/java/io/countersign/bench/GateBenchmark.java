package io.countersign.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobHandler;
import io.camunda.client.api.worker.JobWorker;
import io.countersign.CountersignApplication;
import io.countersign.engine.embedded.BareEngine;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import io.countersign.workflows.ChangeRequestProcess;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The full-path targets: sustained plans/s through API, DMN, routing, task opened and audit written, compared with
 * the bare engine running the same BPMN and DMN with workers that do nothing; and submit → task visible latency at
 * half the sustained rate; and the memory the embedded default needs. Not a test: it prints its figures.
 *
 * <p>System properties: {@code bench.seconds} (per phase, default 20), {@code bench.clients} (default 32),
 * {@code bench.mode} ({@code bare}, {@code full} or {@code both}).
 */
public final class GateBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);

    private GateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("bench.mode", "both");
        double bare = 0;
        if (!mode.equals("full")) {
            bare = bareEngine();
        }
        if (!mode.equals("bare")) {
            double full = fullPath();
            if (bare > 0) {
                report("full path / bare engine", "%.2f", full / bare);
            }
        }
    }

    /** The same models on the embedded engine, driven directly by the client, workers completing at once. */
    static double bareEngine() throws Exception {
        Path dir = Files.createTempDirectory("bench-bare-");
        int port = AppTest.freePort();
        try (BareEngine engine = BareEngine.start(dir, port);
             CamundaClient client = CamundaClient.newClientBuilder()
                     .grpcAddress(URI.create("http://127.0.0.1:" + port))
                     .credentialsProvider(engine.credentials())
                     .preferRestOverGrpc(false)
                     .numJobWorkerExecutionThreads(8)
                     .build()) {
            client.newDeployResourceCommand()
                    .addResourceFromClasspath(ChangeRequestProcess.BPMN_RESOURCE)
                    .addResourceFromClasspath(ChangeRequestProcess.DMN_RESOURCE)
                    .send().join();
            Map<String, Long> started = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            Semaphore window = new Semaphore(CLIENTS);
            LongAdder opened = new LongAdder();
            List<JobWorker> workers = new ArrayList<>();
            ConcurrentLinkedQueue<Long> toClassify = new ConcurrentLinkedQueue<>();
            workers.add(worker(client, JobTypes.RECORD_CLASSIFICATION, (c, job) -> {
                Long t0 = started.get(String.valueOf(job.getVariablesAsMap().get(Variables.REQUEST_ID)));
                if (t0 != null) {
                    toClassify.add(System.nanoTime() - t0);
                }
                c.newCompleteCommand(job).variables(routing(job.getVariablesAsMap())).send();
            }));
            workers.add(worker(client, JobTypes.OPEN_APPROVAL, (c, job) -> {
                c.newCompleteCommand(job).variables(Map.of(Variables.APPROVAL_TASK_ID, "t-" + job.getKey())).send();
                Long t0 = started.remove(String.valueOf(job.getVariablesAsMap().get(Variables.REQUEST_ID)));
                if (t0 != null) {
                    latencies.add(System.nanoTime() - t0);
                    opened.increment();
                    window.release();
                }
            }));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(3, SECONDS / 4));
            long counted = 0;
            long measuredFrom = 0;
            int n = 0;
            while (System.nanoTime() < end) {
                if (measuredFrom == 0 && System.nanoTime() > warmupEnd) {
                    measuredFrom = System.nanoTime();
                    counted = opened.sum();
                    latencies.clear();
                }
                if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                String id = "bare-" + n++;
                started.put(id, System.nanoTime());
                client.newCreateInstanceCommand().bpmnProcessId(ChangeRequestProcess.PROCESS_ID).latestVersion()
                        .variables(variables(id)).send();
            }
            double rate = (opened.sum() - counted) / ((System.nanoTime() - measuredFrom) / 1e9);
            report("bare engine: plans/s to task opened", "%.1f", rate);
            report("bare engine: p99 create → open-approval ms", "%.1f", percentile(latencies, 0.99));
            report("bare engine: p50 create → record-classification job ms", "%.1f", percentile(toClassify, 0.5));
            report("bare engine: p50 create → open-approval job ms", "%.1f", percentile(latencies, 0.5));
            workers.forEach(JobWorker::close);
            return rate;
        }
    }

    /** The whole application in this JVM, driven over HTTP as agents would. */
    static double fullPath() throws Exception {
        Path dir = Files.createTempDirectory("bench-full-");
        System.gc();
        long heapBefore = usedHeap();
        // Command-line arguments, because default properties lose to application.properties.
        ConfigurableApplicationContext app = new SpringApplicationBuilder(CountersignApplication.class)
                .run("--server.port=0", "--countersign.data-dir=" + dir,
                        "--countersign.engine.port=" + AppTest.freePort(), "--logging.level.root=WARN",
                        // The benchmark measures capacity, not the per-token limit an operator would set.
                        "--countersign.rate-limit.enabled=false");
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            Submitter submitter = new Submitter(port);
            submitter.closedLoop(3, CLIENTS);
            idleMemory(heapBefore);
            long heapBeforeLoad = settledHeap();
            Result max = submitter.closedLoop(SECONDS, CLIENTS);
            report("full path: sustained plans/s (API → DMN → task opened → audit)", "%.1f", max.rate());
            report("full path: p99 submit → PENDING_APPROVAL at full load, ms", "%.1f", max.p99());
            Result half = submitter.openLoop(SECONDS, max.rate() / 2);
            report("full path: offered rate (half of sustained) plans/s", "%.1f", max.rate() / 2);
            report("full path: p50 submit → task visible at half rate, ms", "%.1f", half.p50());
            report("full path: p99 submit → task visible at half rate, ms", "%.1f", half.p99());
            long requests = max.count() + half.count();
            long grown = settledHeap() - heapBeforeLoad;
            report("memory: heap growth per pending request, bytes", "%.0f", (double) grown / Math.max(1, requests));
            return max.rate();
        } finally {
            app.close();
        }
    }

    private static void idleMemory(long heapBefore) {
        long idle = settledHeap();
        report("memory: idle heap of the running application, MiB", "%.1f", (idle - heapBefore) / 1048576.0);
        report("memory: process resident set, MiB", "%.1f", residentSetMiB());
    }

    record Result(long count, double rate, double p50, double p99) {
    }

    /** Submits plans as an agent acting for alice and waits for each to reach its approver's inbox. */
    static final class Submitter {
        private final HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        private final URI uri;
        private final String auth;
        private final byte[] body;

        Submitter(int port) throws Exception {
            uri = URI.create("http://127.0.0.1:" + port + "/api/v1/change-requests");
            body = JSON.writeValueAsBytes(Plans.productionRestart("alice"));
            auth = "Bearer " + agentToken(port);
        }

        /** Agents authenticate with a token (a hash lookup); HTTP Basic would spend the CPU on BCrypt instead. */
        private String agentToken(int port) throws Exception {
            String admin = "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/admin/agent-tokens"))
                    .header("Authorization", admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"agentId\":\"kiro-7\",\"engineers\":[\"alice\"],\"validForDays\":1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(created.body()).path("token").asText();
        }

        Result closedLoop(int seconds, int clients) throws Exception {
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch done = new CountDownLatch(clients);
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < clients; i++) {
                    pool.execute(() -> {
                        while (running.get()) {
                            submitOnce(latencies);
                        }
                        done.countDown();
                    });
                }
                TimeUnit.SECONDS.sleep(seconds);
                running.set(false);
                done.await();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Result(latencies.size(), latencies.size() / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99));
        }

        Result openLoop(int seconds, double rate) throws Exception {
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            long intervalNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            long next = start;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                while (next - start < TimeUnit.SECONDS.toNanos(seconds)) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    pool.execute(() -> submitOnce(latencies));
                    next += intervalNanos;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Result(latencies.size(), latencies.size() / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99));
        }

        private void submitOnce(ConcurrentLinkedQueue<Long> latencies) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", auth).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode json = JSON.readTree(response.body());
                if (response.statusCode() == 201 && "PENDING_APPROVAL".equals(json.path("status").asText())) {
                    latencies.add(System.nanoTime() - t0);
                }
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static JobWorker worker(CamundaClient client, String type, JobHandler handler) {
        return client.newWorker().jobType(type).handler(handler).maxJobsActive(64).streamEnabled(true).open();
    }

    private static Map<String, Object> variables(String id) {
        Map<String, Object> v = new HashMap<>();
        v.put(Variables.REQUEST_ID, id);
        v.put(Variables.PLAN_HASH, "0".repeat(64));
        v.put(Variables.SERVICE, "cost-explorer");
        v.put(Variables.ENVIRONMENT, "production");
        v.put(Variables.REQUESTED_BY, "alice");
        v.put(Variables.AGENT_ID, "kiro-7");
        v.put(Variables.RISK_INPUTS, List.of(Map.of("environment", "production", "operation", "RESTART",
                "scope", "RESOURCE", "regionCount", 1, "reversible", true, "hasRollbackPlan", true)));
        return v;
    }

    private static Map<String, Object> routing(Map<String, Object> variables) {
        @SuppressWarnings("unchecked")
        Map<String, Object> risk = (Map<String, Object>) variables.get(Variables.RISK);
        Map<String, Object> r = new HashMap<>();
        r.put(Variables.TIER, risk.get("tier"));
        r.put(Variables.APPROVER_GROUPS, List.of("cost-explorer-approvers"));
        r.put(Variables.ESCALATION_GROUPS, List.of());
        r.put(Variables.REQUIRE_EACH_GROUP, false);
        r.put(Variables.REQUIRED_APPROVALS, risk.get("requiredApprovals"));
        r.put(Variables.SLA_DURATION, risk.get("slaDuration"));
        r.put(Variables.EXPIRY_DURATION, risk.get("expiryDuration"));
        r.put(Variables.APPROVAL_WINDOW, risk.get("approvalWindow"));
        r.put(Variables.APPROVALS, List.of());
        return r;
    }

    private static double percentile(java.util.Collection<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long settledHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return usedHeap();
    }

    private static double residentSetMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    @SuppressWarnings("java:S106")
    private static void report(String what, String format, double value) {
        System.out.println(String.format(Locale.ROOT, "%-70s " + format, what, value));
    }
}
