package io.countersign;

import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import io.countersign.support.WebSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The README's scale-out sentence, exercised: two application JVMs on one PostgreSQL schema and one engine. A runs
 * the embedded engine; B runs with the {@code camunda} profile, pointed at A's gateway with A's credential, and
 * nothing else changed but configuration. Plans are submitted and decided through both, a web session signed in on A
 * is used on B, then each instance in turn is killed with SIGKILL while plans and decisions stream through it, and
 * restarted. Afterwards every accepted submission and decision is there exactly once and moved to where it belongs
 * (no job lost: within 30 s of the restart, which the 20 s job timeout allows and the client's default 5 minutes
 * would not), the audit chain verifies with no entry written twice, and no request has two approval tokens.
 *
 * <p>Needs a PostgreSQL schema of its own (H2's file database admits one process): {@code .ci/run} creates one
 * and sets {@code COUNTERSIGN_TWO_INSTANCES_DB}.
 */
@EnabledIfEnvironmentVariable(named = TwoInstancesTest.DATABASE, matches = "jdbc:postgresql:.+",
        disabledReason = "needs a PostgreSQL schema of its own; .ci/run sets " + TwoInstancesTest.DATABASE)
class TwoInstancesTest {

    static final String DATABASE = "COUNTERSIGN_TWO_INSTANCES_DB";
    // Generous: on a 2-core machine shared with other builds a JVM took over four minutes to start.
    private static final Duration START = Duration.ofSeconds(480);
    /** After a restart, in-flight work must move again within this (the promise). */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    /** Kept after the run (under target/, so the next build cleans it): the instances' logs tell what went wrong. */
    private final Path work = Path.of("target", "two-instances").toAbsolutePath();

    private final String database = System.getenv(DATABASE);
    private final String masterKey = randomKey();
    private final int enginePort = AppTest.freePort();
    private final int portA = AppTest.freePort();
    private final int portB = AppTest.freePort();
    private final List<Process> started = new ArrayList<>();
    /** Every submission answered 201, with what must become of it: APPROVED once a decision was accepted. */
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    /** Request ids whose approval by bob was answered 200. */
    private final Set<String> approved = ConcurrentHashMap.newKeySet();
    /** Request ids whose approval was sent but cut off by the kill: stored or not, never half. */
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startFromAnEmptyWorkDirectory() throws IOException {
        if (Files.exists(work)) {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(work);
    }

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoInstancesShareTheWorkAndLoseNothingWhenEitherIsKilled() throws Exception {
        Api a = Api.at(portA);
        Api b = Api.at(portB);
        Process instanceA = startA("a-1");
        awaitReady(a);
        Process instanceB = startB("b-1");
        awaitReady(b);

        // Submitted on one, decided on the other, both ways.
        approveThrough(b, submitThrough(a));
        approveThrough(a, submitThrough(b));
        assertThat(WebSession.signedIn(portB, "admin").get("/actuator/health/readiness").json()
                .at("/components/engine/details/engine").asText()).isEqualTo("cluster");

        // Sessions live in the database: signed in on A, the same cookie works on B, decision form included.
        WebSession onA = WebSession.signedIn(portA, "bob");
        WebSession onB = onA.at(portB);
        assertThat(onB.get("/").status()).isEqualTo(200);
        String viaWeb = submitThrough(a);
        Api.Response decided = onB.post("/requests/" + viaWeb + "/decision", "decision=APPROVE");
        assertThat(decided.status()).as(decided.body()).isEqualTo(302);
        assertThat(decided.header("Location")).endsWith("/requests/" + viaWeb);
        approved.add(viaWeb);
        assertThat(a.as("alice").get("/api/v1/change-requests/" + viaWeb + "/decision?waitSeconds=30")
                .text("status")).isEqualTo("APPROVED");

        instanceB = killUnderLoad(instanceB, b);
        startB("b-2");
        awaitAllMoved(a, b, awaitReady(b));

        killUnderLoad(instanceA, a);
        startA("a-2");
        awaitAllMoved(a, b, awaitReady(a));

        // What is left pending (a submission whose answer the kill cut off included) is decided now, through both:
        // the workflow still moves every one of them.
        List<String> pending = statuses().entrySet().stream()
                .filter(e -> !e.getValue().equals("APPROVED")).map(Map.Entry::getKey).toList();
        for (int i = 0; i < pending.size(); i++) {
            accepted.putIfAbsent(pending.get(i), "PENDING_APPROVAL");
            approveThrough(i % 2 == 0 ? a : b, pending.get(i));
        }
        assertThat(statuses().values()).as("every request approved").containsOnly("APPROVED");

        assertNothingTwice();
        JsonNode chain = a.as("erin").get("/api/v1/audit/verify").json();
        assertThat(chain.path("valid").asBoolean()).as(chain.toString()).isTrue();
        assertThat(instanceB.isAlive()).isFalse();
    }

    private String submitThrough(Api api) {
        Api.Response response = api.as("alice").post("/api/v1/change-requests", productionRestart("alice"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String id = response.text("id");
        accepted.put(id, "PENDING_APPROVAL");
        return id;
    }

    private void approveThrough(Api api, String requestId) {
        String task = await().atMost(RECOVERY).ignoreExceptions()
                .until(() -> taskOf(api, requestId), t -> t != null);
        Api.Response response = api.as("bob").post("/api/v1/tasks/" + task + "/decision", Map.of("decision", "APPROVE"));
        assertThat(response.status()).as(response.body()).isIn(200, 409);
        if (response.status() == 200) {
            approved.add(requestId);
        }
        assertThat(api.as("alice").get("/api/v1/change-requests/" + requestId + "/decision?waitSeconds=30")
                .text("status")).isEqualTo("APPROVED");
    }

    private static String taskOf(Api api, String requestId) {
        for (JsonNode item : api.as("bob").get("/api/v1/tasks?limit=500").json()) {
            if (item.path("requestId").asText().equals(requestId)) {
                return item.path("taskId").asText();
            }
        }
        return null;
    }

    /**
     * Four clients submit and approve through {@code api} while the instance behind it is killed with SIGKILL once
     * a few of their calls were accepted; calls cut off by the kill are not counted as accepted.
     */
    private Process killUnderLoad(Process instance, Api api) throws Exception {
        int before = accepted.size();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            load.add(clients.submit(() -> {
                for (int round = 0; round < 200 && !stop.get(); round++) {
                    try {
                        Api.Response response = api.as("alice").post("/api/v1/change-requests",
                                productionRestart("alice"));
                        if (response.status() != 201) {
                            continue;
                        }
                        String id = response.text("id");
                        accepted.put(id, "PENDING_APPROVAL");
                        String task = taskOf(api, id);
                        if (task == null) {
                            continue;
                        }
                        uncertain.add(id);
                        if (api.as("bob").post("/api/v1/tasks/" + task + "/decision",
                                Map.of("decision", "APPROVE")).status() == 200) {
                            approved.add(id);
                        }
                        uncertain.remove(id);
                    } catch (RuntimeException cutOff) {
                        // The instance is gone: this call was not accepted, and the next will not be either.
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> accepted.size() >= before + 6);
        instance.destroyForcibly();
        assertThat(instance.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(instance.exitValue()).isEqualTo(137);
        stop.set(true);
        for (Future<?> client : load) {
            client.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        return instance;
    }

    /**
     * Every request reached its place: approved ones APPROVED, accepted ones nobody decided PENDING_APPROVAL (so
     * classified and given a task), and none stuck on the way (SUBMITTED, CLASSIFIED) or worse.
     */
    private void awaitAllMoved(Api a, Api b, long readyAt) {
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, String> status = statuses();
            assertThat(status.values()).as("every request").containsAnyOf("APPROVED")
                    .allMatch(s -> s.equals("APPROVED") || s.equals("PENDING_APPROVAL"));
            for (String id : accepted.keySet()) {
                if (approved.contains(id)) {
                    assertThat(status.get(id)).as("request %s", id).isEqualTo("APPROVED");
                } else if (!uncertain.contains(id)) {
                    assertThat(status.get(id)).as("request %s", id).isEqualTo("PENDING_APPROVAL");
                }
            }
        });
        long tookMillis = (System.nanoTime() - readyAt) / 1_000_000;
        assertThat(tookMillis).as("in-flight work moved within 30 s of the restart").isLessThanOrEqualTo(30_000);
        assertThat(a.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(b.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    private Map<String, String> statuses() throws SQLException {
        Map<String, String> status = new HashMap<>();
        try (Connection db = connect(); ResultSet rows = db.createStatement()
                .executeQuery("select id, status from change_request")) {
            while (rows.next()) {
                status.put(rows.getString(1), rows.getString(2));
            }
        }
        return status;
    }

    private void assertNothingTwice() throws SQLException {
        try (Connection db = connect()) {
            assertThat(count(db, "select count(*) from (select task_id, approver from decision"
                    + " group by task_id, approver having count(*) > 1) d")).as("a decision stored twice").isZero();
            assertThat(count(db, "select count(*) from change_request r where (select count(*) from decision d"
                    + " where d.request_id = r.id and d.outcome = 'APPROVE') <> 1")).as("not one approval each").isZero();
            assertThat(count(db, "select count(*) from (select request_id from approval_token"
                    + " group by request_id having count(*) > 1) t")).as("a request with two tokens").isZero();
            assertThat(count(db, "select count(*) from approval_token"))
                    .isEqualTo(count(db, "select count(*) from change_request"));
            for (String type : List.of("SUBMITTED", "DECIDED", "APPROVED", "TOKEN_ISSUED", "TASK_OPENED")) {
                assertThat(count(db, "select count(*) from (select request_id from audit_entry where event_type = '"
                        + type + "' group by request_id having count(*) > 1) e")).as("%s audited twice", type)
                        .isZero();
            }
            assertThat(count(db, "select count(*) from audit_entry where event_type = 'SUBMITTED'"))
                    .isGreaterThanOrEqualTo(accepted.size());
            assertThat(count(db, "select count(*) from audit_pending")).as("left unsealed").isZero();
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database, "postgres", "");
    }

    private Process startA(String name) {
        return start(name, portA, Map.of(), List.of(
                "--countersign.data-dir=" + work.resolve("a"),
                "--countersign.engine.port=" + enginePort));
    }

    private Process startB(String name) {
        String credential;
        try {
            credential = Files.readString(work.resolve("a/engine/gateway.credential")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(name, portB, Map.of(
                        "SPRING_PROFILES_ACTIVE", "camunda",
                        "CAMUNDA_GRPC_ADDRESS", "http://127.0.0.1:" + enginePort,
                        "CAMUNDA_REST_ADDRESS", "http://127.0.0.1:" + enginePort,
                        "CAMUNDA_CLIENT_AUTH_METHOD", "basic",
                        "CAMUNDA_CLIENT_AUTH_USERNAME", "countersign",
                        "CAMUNDA_CLIENT_AUTH_PASSWORD", credential),
                List.of("--countersign.data-dir=" + work.resolve("b"), "--countersign.demo-users.enabled=false"));
    }

    private Process start(String name, int httpPort, Map<String, String> env, List<String> args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CountersignApplication.class.getName(),
                "--server.port=" + httpPort));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("SPRING_DATASOURCE_URL", database);
        builder.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", "");
        builder.environment().put("COUNTERSIGN_SECRETS_MASTERKEY", masterKey);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the readiness probe, and answers when it turned 200 (System.nanoTime). */
    private static long awaitReady(Api api) {
        await().atMost(START).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> api.get("/actuator/health/readiness").status() == 200);
        return System.nanoTime();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
