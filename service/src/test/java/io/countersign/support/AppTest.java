package io.countersign.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.engine.EngineClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
