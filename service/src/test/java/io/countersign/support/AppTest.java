package io.countersign.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api.Response;
import io.countersign.engine.EngineClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application, as it runs by default: embedded engine, database, demo users, on a random port. Every
 * subclass shares one running application, so tests must not depend on what others left behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AppTest {

    private static final Path DATA_DIR = tempDir();
    private static final int ENGINE_PORT = freePort();

    @DynamicPropertySource
    static void isolatedDataAndEnginePort(DynamicPropertyRegistry registry) {
        registry.add("countersign.data-dir", DATA_DIR::toString);
        registry.add("countersign.engine.port", () -> ENGINE_PORT);
    }

    /** Notifications (issue 13): where the SMTP server and chat receiver of {@link NotifyPeers} listen. */
    @DynamicPropertySource
    static void notificationPeers(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> NotifyPeers.SMTP_PORT);
        registry.add("countersign.notifications.chat.cost-explorer-approvers.url", () -> NotifyPeers.chatUrl("cost-explorer-approvers"));
        registry.add("countersign.notifications.chat.cost-explorer-approvers.format", () -> "slack");
        registry.add("countersign.notifications.chat.sre.url", () -> NotifyPeers.chatUrl("sre"));
        registry.add("countersign.notifications.chat.sre.format", () -> "teams");
        registry.add("countersign.notifications.chat.sre-leads.url", () -> NotifyPeers.chatUrl("sre-leads"));
        registry.add("countersign.notifications.chat.sre-leads.format", () -> "json");
        registry.add("countersign.notifications.slack.api-url", () -> NotifyPeers.HTTP_BASE + "/slack-api");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected EngineClock engineClock;

    protected Api api() {
        return Api.at(port);
    }

    protected Api as(String user) {
        return api().as(user);
    }

    /** The API as an agent, with a fresh token an admin created for it. */
    protected Api asAgent(String agentId, String... engineers) {
        return api().withAuthorization("Bearer " + createAgentToken(Map.of("agentId", agentId,
                "engineers", List.of(engineers))).path("token").asText());
    }

    /** Creates an agent token as the demo admin and returns the creation response (token shown once). */
    protected JsonNode createAgentToken(Map<String, Object> body) {
        Api.Response created = as("admin").post("/api/v1/admin/agent-tokens", body);
        if (created.status() != 201) {
            throw new AssertionError("agent token not created: " + created.status() + " " + created.body());
        }
        return created.json();
    }

    /**
     * Moves the engine's clock forward step by step until the condition holds. Stepping, rather than one jump, also
     * covers a timer the engine creates just after the database already shows the state the test waited for.
     */
    protected void advanceUntil(Duration step, Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            engineClock.advance(step);
            return condition.call();
        });
    }

    protected JsonNode submit(String user, Map<String, Object> plan) {
        Response response = as(user).post("/api/v1/change-requests", plan);
        if (response.status() != 201) {
            throw new AssertionError("not submitted: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    /** The submit answer waits 5 s for the tier; on a loaded machine the status can come later, never differently. */
    protected void awaitStatus(String user, String id, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(as(user).get("/api/v1/change-requests/" + id).text("status")).isEqualTo(status));
    }

    protected Response decide(String user, String task, String decision, String comment) {
        Map<String, Object> body = new HashMap<>();
        body.put("decision", decision);
        body.put("comment", comment);
        return as(user).post("/api/v1/tasks/" + task + "/decision", body);
    }

    protected JsonNode awaitDecision(String user, String id) {
        return as(user).get("/api/v1/change-requests/" + id + "/decision?waitSeconds=20").json();
    }

    protected String taskOf(String user, String requestId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode item : as(user).get("/api/v1/tasks").json()) {
                if (item.path("requestId").asText().equals(requestId)) {
                    return item.path("taskId").asText();
                }
            }
            return null;
        }, t -> t != null);
    }

    protected List<String> taskIds(String user) {
        return as(user).get("/api/v1/tasks?limit=500").json().findValuesAsText("taskId");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("countersign-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
