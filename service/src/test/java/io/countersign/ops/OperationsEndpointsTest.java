package io.countersign.ops;

import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import io.countersign.support.WebSession;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The probes and the Prometheus endpoint, as a load balancer, a scraper and an operator see them. */
class OperationsEndpointsTest extends AppTest {

    @Test
    void readinessIsUpOnceTheEngineHasReplayedAndEveryWorkerIsOpenAndLivenessIsUp() {
        Response readiness = await().atMost(Duration.ofSeconds(60))
                .until(() -> api().get("/actuator/health/readiness"), r -> r.status() == 200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
        assertThat(readiness.json().at("/components/engine/status").asText()).isEqualTo("UP");
        assertThat(readiness.json().at("/components/readinessState/status").asText()).isEqualTo("UP");
        assertThat(readiness.json().at("/components/engine/details").isMissingNode())
                .as("details are for admins").isTrue();

        JsonNode asAdmin = WebSession.signedIn(port, "admin").get("/actuator/health/readiness").json();
        assertThat(asAdmin.at("/components/engine/details/phase").asText()).isEqualTo("PROCESSING");
        assertThat(asAdmin.at("/components/engine/details/workers").asInt()).isEqualTo(15);
        assertThat(asAdmin.at("/components/engine/details/replayMillis").asLong()).isPositive();

        Response liveness = api().get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("components").fieldNames()).toIterable().as("liveness asks nothing else")
                .containsExactly("livenessState");
    }

    @Test
    void theBacklogsAreAHealthComponentWithTheirSizesForAdmins() {
        JsonNode health = WebSession.signedIn(port, "admin").get("/actuator/health").json();
        JsonNode backlogs = health.at("/components/backlogs");
        assertThat(backlogs.path("status").asText()).isIn("UP", "DEGRADED");
        assertThat(backlogs.path("details").fieldNames()).toIterable()
                .contains("outbox", "webhook", "audit-seal");
        assertThat(backlogs.at("/details/outbox/size").isNumber()).isTrue();
    }

    @Test
    void prometheusIsForAdminsOnly() {
        assertThat(api().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(as("alice").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(as("erin").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(as("admin").get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(WebSession.signedIn(port, "admin").get("/actuator/metrics").status())
                .as("nothing else of the actuator").isEqualTo(404);
    }

    @Test
    void aSubmissionAndItsDecisionShowInTheMetrics() {
        double acceptedBefore = sample("countersign_submissions_total", "channel=\"api\",outcome=\"accepted\"");
        double decidedBefore = sample("countersign_decision_time_seconds_count", "outcome=\"APPROVED\",tier=\"MEDIUM\"");
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        // Longer than taskOf's 20 s: the first plan after start waits for the deployment on a loaded machine.
        String task = await().atMost(Duration.ofSeconds(90)).until(() -> openTask("bob", id), t -> t != null);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                sample("countersign_approvals_waiting", "tier=\"MEDIUM\"") >= 1);
        assertThat(sample("countersign_submissions_total", "channel=\"api\",outcome=\"accepted\""))
                .isEqualTo(acceptedBefore + 1);

        assertThat(decide("bob", task, "APPROVE", null).status()).isEqualTo(200);
        assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("APPROVED");
        await().atMost(Duration.ofSeconds(10)).until(() -> sample("countersign_decision_time_seconds_count",
                "outcome=\"APPROVED\",tier=\"MEDIUM\"") == decidedBefore + 1);

        String scrape = as("admin").get("/actuator/prometheus").body();
        assertThat(scrape).contains("countersign_decision_time_seconds_bucket{", "countersign_backlog_size{",
                "backlog=\"audit-seal\"", "countersign_audit_appended_total", "countersign_audit_sealed_total",
                "countersign_sla_breaches_total{", "countersign_expiries_total{",
                "countersign_engine_replay_time_seconds");
        assertThat(sample("countersign_audit_appended_total", "")).isPositive();
    }

    private String openTask(String user, String requestId) {
        for (JsonNode item : as(user).get("/api/v1/tasks?limit=500").json()) {
            if (item.path("requestId").asText().equals(requestId)) {
                return item.path("taskId").asText();
            }
        }
        return null;
    }

    /** The value of the first sample of {@code metric} whose labels contain {@code labels}; 0 if there is none. */
    private double sample(String metric, String labels) {
        String scrape = as("admin").get("/actuator/prometheus").body();
        Matcher lines = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        while (lines.find()) {
            String found = lines.group(1) == null ? "" : lines.group(1);
            if (found.contains(labels)) {
                return Double.parseDouble(lines.group(2));
            }
        }
        return 0;
    }
}
