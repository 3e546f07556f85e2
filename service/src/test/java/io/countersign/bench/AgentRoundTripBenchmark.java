package io.countersign.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.CountersignApplication;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What an agent that gates each action pays per call: submit → approval token for a LOW plan (over MCP and over the
 * REST API), and {@code check_policy}, p50/p99 with 1 and 8 clients in a closed loop. Not a test: it prints figures.
 *
 * <p>System properties: {@code bench.calls} (per client and phase, default 200), {@code bench.warmup} (default 50),
 * {@code bench.oneClientOnly}, {@code bench.phases} (a comma list of {@code mcp-low, rest-low, mcp-check, rest-check};
 * default all, in that order).
 */
public final class AgentRoundTripBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLS = Integer.getInteger("bench.calls", 200);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 50);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final List<String> PHASES = List.of(
            System.getProperty("bench.phases", "mcp-low,rest-low,mcp-check,rest-check").split(","));

    /** Every timed LOW call, for the slowest calls' own profile at the end. */
    private static final List<Timed> SLOWEST = Collections.synchronizedList(new ArrayList<>());

    private record Timed(String requestId, long nanos, long endedAtMillis) {
    }

    private AgentRoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bench-agent-");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(CountersignApplication.class)
                .run("--server.port=0", "--countersign.data-dir=" + dir,
                        "--countersign.engine.port=" + AppTest.freePort(), "--logging.level.root=WARN",
                        // The benchmark measures latency, not the per-token limit an operator would set.
                        "--countersign.rate-limit.enabled=false");
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            String token = agentToken(port);
            for (int clients : Boolean.getBoolean("bench.oneClientOnly") ? new int[] {1} : new int[] {1, 8}) {
                for (String phase : PHASES) {
                    switch (phase.strip()) {
                        case "mcp-low" -> measure(clients, "MCP submit_change_plan LOW → approval token",
                                () -> mcpLow(port, token));
                        case "rest-low" -> measure(clients, "REST POST change-requests LOW → approval token",
                                () -> restLow(port, token));
                        case "mcp-check" -> measure(clients, "MCP check_policy", () -> mcpCheck(port, token));
                        case "rest-check" -> measure(clients, "REST POST policy-checks", () -> restCheck(port, token));
                        default -> throw new IllegalArgumentException("unknown bench.phases entry " + phase);
                    }
                }
            }
            whereTheTimeGoes(app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class));
            whereTheTailGoes(app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class));
        } finally {
            app.close();
            System.exit(0);
        }
    }

    /**
     * The profile of a LOW plan from the audit log: for each step, p50 ms after its SUBMITTED entry (entries are
     * written in the step's own transaction, so the gaps are engine hand-offs plus each worker's work).
     */
    private static void whereTheTimeGoes(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        Map<String, List<Long>> offsets = new java.util.TreeMap<>();
        jdbc.sql("""
                        select case when s.details like '%"channel":"mcp"%' then 'mcp' else 'api' end
                               || ' ' || e.event_type, e.occurred_at, s.occurred_at from audit_entry e
                        join audit_entry s on s.request_id = e.request_id and s.event_type = 'SUBMITTED'
                        where e.request_id in (select request_id from audit_entry where tier = 'LOW')""")
                .query((rs, n) -> offsets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add((rs.getTimestamp(2).getTime() - rs.getTimestamp(3).getTime()) * 1_000_000))
                .list();
        // When the engine had accepted the process start the outbox sent after the submit's commit.
        jdbc.sql("""
                        select case when s.details like '%"channel":"mcp"%' then 'mcp' else 'api' end,
                               o.published_at, s.occurred_at from outbox o
                        join audit_entry s on s.event_type = 'SUBMITTED' and o.kind = 'START_PROCESS'
                             and o.payload like '%"correlationKey":"' || s.request_id || '"%'
                        where s.request_id in (select request_id from audit_entry where tier = 'LOW')
                             and o.published_at is not null""")
                .query((rs, n) -> offsets.computeIfAbsent(rs.getString(1) + " process started (outbox sent)",
                                k -> new ArrayList<>())
                        .add((rs.getTimestamp(2).getTime() - rs.getTimestamp(3).getTime()) * 1_000_000))
                .list();
        offsets.forEach((type, nanos) -> report("LOW profile: " + type + " after SUBMITTED, p50 / p99 ms",
                percentile(nanos, 0.5), percentile(nanos, 0.99)));
    }

    /**
     * The slowest timed LOW calls one by one: when each ended (UTC, to line up with a GC or JFR log) and the offset of
     * each of its audit entries and of its process start after its SUBMITTED entry.
     */
    private static void whereTheTailGoes(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        List<Timed> slowest = new ArrayList<>(SLOWEST);
        slowest.sort((a, b) -> Long.compare(b.nanos(), a.nanos()));
        System.out.println("Slowest LOW calls (ms; each step's offset after SUBMITTED):");
        for (Timed call : slowest.subList(0, Math.min(Integer.getInteger("bench.slowest", 8), slowest.size()))) {
            StringBuilder steps = new StringBuilder();
            jdbc.sql("""
                            select e.event_type, e.occurred_at, s.occurred_at from audit_entry e
                            join audit_entry s on s.request_id = e.request_id and s.event_type = 'SUBMITTED'
                            where e.request_id = ? order by e.id""")
                    .param(call.requestId())
                    .query((rs, n) -> steps.append(' ').append(rs.getString(1)).append(' ')
                            .append(rs.getTimestamp(2).getTime() - rs.getTimestamp(3).getTime()))
                    .list();
            jdbc.sql("""
                            select o.published_at, s.occurred_at from outbox o join audit_entry s
                            on s.request_id = ? and s.event_type = 'SUBMITTED' and o.kind = 'START_PROCESS'
                            and o.payload like '%"correlationKey":"' || s.request_id || '"%'""")
                    .param(call.requestId())
                    .query((rs, n) -> steps.append(" started ")
                            .append(rs.getTimestamp(1).getTime() - rs.getTimestamp(2).getTime()))
                    .list();
            System.out.println(String.format(Locale.ROOT, "  %7.1f ended %s:%s", call.nanos() / 1e6,
                    java.time.Instant.ofEpochMilli(call.endedAtMillis()), steps));
        }
    }

    /** One client's loop: a connection of its own, then timed calls. */
    interface Caller extends AutoCloseable {
        /** One timed call; answers the request id it created, or null. */
        String call() throws Exception;

        @Override
        default void close() {
        }
    }

    private static void measure(int clients, String what, Callable<Caller> newCaller) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong cpuAtWarm = new AtomicLong(-1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                try (Caller caller = newCaller.call()) {
                    for (int i = 0; i < WARMUP + CALLS; i++) {
                        if (i == WARMUP) {
                            cpuAtWarm.compareAndSet(-1, processCpuNanos());
                        }
                        long t0 = System.nanoTime();
                        String id = caller.call();
                        long took = System.nanoTime() - t0;
                        if (i >= WARMUP) {
                            latencies.add(took);
                            if (id != null) {
                                SLOWEST.add(new Timed(id, took, System.currentTimeMillis()));
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        report(what + ", " + clients + " client(s): p50 / p99 ms", percentile(latencies, 0.5),
                percentile(latencies, 0.99));
        // Less noisy than latency on a shared 2-core machine, and what latency under load follows: the whole JVM's
        // CPU time (server and client) per timed call, from the first client's end of warm-up.
        System.out.printf("  CPU per call, whole JVM: %.1f ms%n",
                (processCpuNanos() - cpuAtWarm.get()) / 1e6 / (clients * CALLS));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Caller mcpLow(int port, String token) {
        McpSyncClient mcp = mcp(port, token);
        return new Caller() {
            @Override
            public String call() {
                Map<String, Object> answer = tool(mcp, "submit_change_plan", Map.of("plan", lowPlan()));
                if (answer.get("approvalToken") == null) {
                    answer = tool(mcp, "await_decision", Map.of("requestId", answer.get("id"), "waitSeconds", 30));
                }
                if (!"APPROVED".equals(answer.get("status")) || answer.get("approvalToken") == null) {
                    throw new IllegalStateException("LOW plan not approved: " + answer);
                }
                return (String) answer.get("id");
            }

            @Override
            public void close() {
                mcp.closeGracefully();
            }
        };
    }

    private static Caller mcpCheck(int port, String token) {
        McpSyncClient mcp = mcp(port, token);
        Map<String, Object> plan = Plans.productionRestart("alice");
        return new Caller() {
            @Override
            public String call() {
                if (!"MEDIUM".equals(tool(mcp, "check_policy", Map.of("plan", plan)).get("tier"))) {
                    throw new IllegalStateException("check_policy did not answer MEDIUM");
                }
                return null;
            }

            @Override
            public void close() {
                mcp.closeGracefully();
            }
        };
    }

    private static Caller restLow(int port, String token) {
        HttpClient http = HttpClient.newHttpClient();
        return () -> {
            JsonNode answer = post(http, port, "/api/v1/change-requests", token, lowPlan());
            if (answer.path("approvalToken").isMissingNode()) {
                answer = get(http, port, "/api/v1/change-requests/" + answer.path("id").asText()
                        + "/decision?waitSeconds=30", token);
            }
            if (!"APPROVED".equals(answer.path("status").asText())) {
                throw new IllegalStateException("LOW plan not approved: " + answer);
            }
            return answer.path("id").asText();
        };
    }

    private static Caller restCheck(int port, String token) {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Object> plan = Plans.productionRestart("alice");
        return () -> {
            if (!"MEDIUM".equals(post(http, port, "/api/v1/policy-checks", token, plan).path("tier").asText())) {
                throw new IllegalStateException("policy check did not answer MEDIUM");
            }
            return null;
        };
    }

    /** A reversible staging update, a new one each time (same plan, new title), so each is its own request. */
    private static Map<String, Object> lowPlan() {
        Map<String, Object> plan = new HashMap<>(Plans.stagingUpdate("alice"));
        plan.put("title", "Bench update " + SEQUENCE.incrementAndGet());
        return plan;
    }

    private static McpSyncClient mcp(int port, String token) {
        McpSyncClient mcp = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .httpRequestCustomizer((request, method, uri, body, context) ->
                                request.header("Authorization", "Bearer " + token))
                        .build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        mcp.initialize();
        return mcp;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tool(McpSyncClient mcp, String name, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest(name, arguments));
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException(name + " refused: " + result.structuredContent());
        }
        return (Map<String, Object>) result.structuredContent();
    }

    private static JsonNode post(HttpClient http, int port, String path, String token, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode get(HttpClient http, int port, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String agentToken(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/admin/agent-tokens"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("agentId", "kiro-7", "engineers", List.of("alice")))))
                .build();
        return JSON.readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body())
                .path("token").asText();
    }

    private static double percentile(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.isEmpty() ? Double.NaN
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static void report(String what, double p50, double p99) {
        System.out.println(String.format(Locale.ROOT, "%-78s %7.1f / %7.1f", what, p50, p99));
    }
}
