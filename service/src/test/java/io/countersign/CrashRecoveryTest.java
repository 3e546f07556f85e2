package io.countersign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default survives a hard stop: the application runs in its own JVM, is killed with SIGKILL while an
 * approval is pending, and a new JVM on the same data directory lets the approver decide it.
 */
class CrashRecoveryTest {

    @TempDir
    Path dataDir;

    @Test
    void aPendingApprovalSurvivesKillMinusNineAndCanStillBeDecided() throws Exception {
        int httpPort = AppTest.freePort();
        int enginePort = AppTest.freePort();
        Api api = Api.at(httpPort);

        Process first = start(httpPort, enginePort, "first");
        String requestId;
        String taskId;
        try {
            awaitReady(api);
            JsonNode submitted = api.as("alice").post("/api/v1/change-requests", Plans.productionRestart("alice")).json();
            String id = submitted.path("id").asText();
            requestId = id;
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.as("alice").get("/api/v1/change-requests/" + id).text("status"),
                    "PENDING_APPROVAL"::equals);
            taskId = api.as("bob").get("/api/v1/tasks").json().findValuesAsText("taskId").getFirst();
        } finally {
            first.destroyForcibly();
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);

        Process second = start(httpPort, enginePort, "second");
        try {
            awaitReady(api);
            assertThat(api.as("bob").get("/api/v1/tasks").json().findValuesAsText("taskId")).contains(taskId);

            var decided = api.as("bob").post("/api/v1/tasks/" + taskId + "/decision", Map.of("decision", "APPROVE"));
            assertThat(decided.status()).as(decided.body()).isEqualTo(200);
            JsonNode after = api.as("alice").get("/api/v1/change-requests/" + requestId + "/decision?waitSeconds=30").json();
            assertThat(after.path("status").asText()).isEqualTo("APPROVED");

            // The restarted application redeploys unchanged models; it still knows which policy version classifies.
            String next = api.as("alice").post("/api/v1/change-requests", Plans.productionRestart("alice")).text("id");
            JsonNode classified = await().atMost(Duration.ofSeconds(30)).until(() -> api.as("erin")
                    .get("/api/v1/audit/events?type=CLASSIFIED&requestId=" + next).json().path("items"),
                    items -> items.size() == 1).get(0);
            assertThat(classified.path("details").path("dmnVersion").isInt()).as(classified.toString()).isTrue();
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(int httpPort, int enginePort, String name) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            // C1 alone, as for the test JVM (pom.xml argLine): the child spends its life starting up.
            return new ProcessBuilder(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    CountersignApplication.class.getName(),
                    "--server.port=" + httpPort,
                    "--countersign.data-dir=" + dataDir,
                    "--countersign.engine.port=" + enginePort)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve(name + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(Api api) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> api.get("/actuator/health").status() == 200);
    }
}
