package io.countersign.security;

import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.stagingUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Agents as untrusted clients: their own token, only for the engineers it names, and never a decision. */
class AgentTokensTest extends AppTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theTokenIsShownOnceAndStoredOnlyAsItsHash() {
        JsonNode created = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("alice"),
                "description", "Kiro for alice"));
        String token = created.path("token").asText();

        assertThat(token).startsWith("cs_agt_").hasSizeGreaterThan(40);
        String id = created.path("details").path("id").asText();
        String listed = as("admin").get("/api/v1/admin/agent-tokens").body();
        assertThat(listed).contains(id).doesNotContain(token);
        assertThat(jdbc.sql("select token_hash from agent_token where id = ?").param(id).query(String.class).single())
                .isEqualTo(AgentTokens.hash(token))
                .isNotEqualTo(token);
    }

    @Test
    void anAgentSubmitsForAnEngineerItIsBoundToAndFollowsItsOwnRequest() {
        Api kiro = asAgent("kiro-7", "alice");

        Response submitted = kiro.post("/api/v1/change-requests", productionRestart("alice"));

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.text("id");
        assertThat(kiro.get("/api/v1/change-requests/" + id).status()).isEqualTo(200);
        assertThat(kiro.get("/api/v1/change-requests/" + id + "/decision?waitSeconds=0").text("status"))
                .isEqualTo("PENDING_APPROVAL");
        assertThat(kiro.post("/api/v1/change-requests/" + id + "/withdraw", "").status()).isEqualTo(200);
    }

    @Test
    void anAgentCannotSubmitForAnEngineerItIsNotBoundToNorUnderAnotherAgentId() {
        Api kiro = asAgent("kiro-7", "alice");

        Response otherEngineer = kiro.post("/api/v1/change-requests", productionRestart("bob"));
        Map<String, Object> otherAgent = productionRestart("alice");
        otherAgent.put("agent", Map.of("id", "someone-else", "name", "Impostor"));
        Response impostor = kiro.post("/api/v1/change-requests", otherAgent);

        assertThat(otherEngineer.status()).isEqualTo(422);
        assertThat(otherEngineer.json().path("errors").get(0).path("field").asText()).isEqualTo("requestedBy");
        assertThat(impostor.status()).isEqualTo(422);
        assertThat(impostor.json().path("errors").get(0).path("field").asText()).isEqualTo("agent.id");
    }

    @Test
    void anAgentCannotReadAnotherAgentsRequest() {
        String id = asAgent("kiro-7", "alice").post("/api/v1/change-requests", productionRestart("alice")).text("id");

        assertThat(asAgent("other-agent", "alice").get("/api/v1/change-requests/" + id).status()).isEqualTo(404);
    }

    @Test
    void anAgentTokenCannotDecideNorReachTasksAuditOrAdmin() {
        Api kiro = asAgent("kiro-7", "alice");
        String id = as("alice").post("/api/v1/change-requests", productionRestart("alice")).text("id");
        String task = org.awaitility.Awaitility.await().until(
                () -> as("bob").get("/api/v1/tasks").json().findValuesAsText("taskId").stream()
                        .filter(t -> as("bob").get("/api/v1/tasks/" + t).text("requestId").equals(id)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();

        assertThat(kiro.post("/api/v1/tasks/" + task + "/decision", Map.of("decision", "APPROVE")).status()).isEqualTo(403);
        assertThat(kiro.get("/api/v1/tasks").status()).isEqualTo(403);
        assertThat(kiro.get("/api/v1/audit/events").status()).isEqualTo(403);
        assertThat(kiro.get("/api/v1/admin/agent-tokens").status()).isEqualTo(403);
        assertThat(kiro.post("/api/v1/admin/agent-tokens", Map.of("agentId", "x", "engineers", List.of("alice")))
                .status()).isEqualTo(403);
        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().path("approvals")).isEmpty();
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        JsonNode created = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("alice")));
        Api kiro = api().withAuthorization("Bearer " + created.path("token").asText());
        assertThat(kiro.post("/api/v1/change-requests", stagingUpdate("alice")).status()).isEqualTo(201);

        Response revoked = as("admin").post("/api/v1/admin/agent-tokens/" + created.path("details").path("id").asText()
                + "/revoke", "");

        assertThat(revoked.json().path("revoked").asBoolean()).isTrue();
        Response refused = kiro.post("/api/v1/change-requests", stagingUpdate("alice"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUnknownBearerTokenIsUnauthorized() {
        Response refused = api().withAuthorization("Bearer cs_agt_not-a-real-token").get("/api/v1/change-requests/x");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("detail")).contains("agent token");
    }

    @Test
    void aTokenOverItsRateLimitIsToldWhenToComeBack() {
        JsonNode created = createAgentToken(Map.of("agentId", "chatty", "engineers", List.of("alice"),
                "requestsPerMinute", 2));
        Api chatty = api().withAuthorization("Bearer " + created.path("token").asText());

        assertThat(chatty.get("/api/v1/change-requests/none").status()).isEqualTo(404);
        assertThat(chatty.get("/api/v1/change-requests/none").status()).isEqualTo(404);
        Response limited = chatty.get("/api/v1/change-requests/none");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void anAdminMustBindATokenToAtLeastOneEngineer() {
        Response refused = as("admin").post("/api/v1/admin/agent-tokens", Map.of("agentId", "kiro-7", "engineers", List.of()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("engineers");
    }
}
