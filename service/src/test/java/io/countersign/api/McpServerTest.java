package io.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The MCP server, driven over real HTTP by the official MCP Java SDK client, as an agent host would: the tools, a
 * two-person approval of a destructive production plan from check to close, and the HTTP-level 401s.
 */
class McpServerTest extends AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    @Test
    void takesADestructiveProductionPlanFromCheckToClosedThroughTwoApprovers() {
        String token = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("alice")))
                .path("token").asText();
        Api agent = api().withAuthorization("Bearer " + token);
        Map<String, Object> plan = Plans.recreateProductionEnvironment("alice");
        try (McpSyncClient mcp = client(token)) {
            mcp.initialize();

            Map<String, McpSchema.Tool> tools = mcp.listTools().tools().stream()
                    .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity()));
            assertThat(tools).containsOnlyKeys("check_policy", "submit_change_plan", "await_decision",
                    "withdraw_change_plan", "report_execution");
            assertThat(tools.get("check_policy").annotations().readOnlyHint()).isTrue();
            assertThat(tools.get("submit_change_plan").annotations().readOnlyHint()).isFalse();
            assertThat(tools.get("submit_change_plan").inputSchema().toString()).contains("requestedBy", "rollbackPlan");

            Map<String, Object> check = call(mcp, "check_policy", Map.of("plan", plan));
            assertThat(check).containsEntry("tier", "CRITICAL").containsEntry("ruleId", "critical-production-destructive");
            assertThat(check.get("approvers").toString()).contains("cost-explorer-approvers", "sre");

            Map<String, Object> submitted = call(mcp, "submit_change_plan", Map.of("plan", plan,
                    "idempotencyKey", "mcp-recreate-" + System.nanoTime()));
            String id = (String) submitted.get("id");
            String planHash = (String) submitted.get("planHash");
            assertThat(planHash).hasSize(64);
            String ownerTask = taskOf("bob", id);
            assertThat(call(mcp, "await_decision", Map.of("requestId", id, "waitSeconds", 0)))
                    .containsEntry("tier", "CRITICAL").containsEntry("status", "PENDING_APPROVAL")
                    .doesNotContainKey("approvalToken");

            assertThat(decide("bob", ownerTask, "APPROVE", "owning team: snapshot verified").status()).isEqualTo(200);
            assertThat(decide("dave", taskOf("dave", id), "APPROVE", "SRE: blast radius acceptable").status())
                    .isEqualTo(200);
            Map<String, Object> decided = call(mcp, "await_decision", Map.of("requestId", id, "waitSeconds", 30));
            assertThat(decided).containsEntry("status", "APPROVED");
            assertThat((List<?>) decided.get("approvals")).hasSize(2);
            String approval = (String) decided.get("approvalToken");
            assertThat(approval).isNotBlank();

            Map<String, Object> report = Map.of("requestId", id, "outcome", "SUCCEEDED", "planHash", planHash,
                    "approvalToken", approval);
            CallToolResult early = mcp.callTool(new McpSchema.CallToolRequest("report_execution", report));
            assertThat(early.isError()).isTrue();
            assertThat(early.structuredContent().toString()).contains("NOT_REDEEMED");
            assertThat(agent.post("/api/v1/approval-tokens/redeem", Map.of("token", approval, "planHash", planHash))
                    .status()).isEqualTo(200);
            assertThat(call(mcp, "report_execution", report)).containsEntry("status", "EXECUTED");

            assertThat(jdbc.sql("select details from audit_entry where request_id = ? and event_type = 'SUBMITTED'")
                    .param(id).query(String.class).single()).contains("\"channel\":\"mcp\"");
        }
    }

    @Test
    void refusesAPlanAsTheApiDoesWithTheSameProblemDetail() {
        String token = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("alice")))
                .path("token").asText();
        Map<String, Object> forBob = Plans.productionRestart("bob");
        try (McpSyncClient mcp = client(token)) {
            mcp.initialize();

            CallToolResult refused = mcp.callTool(new McpSchema.CallToolRequest("submit_change_plan",
                    Map.of("plan", forBob)));
            Api.Response overRest = api().withAuthorization("Bearer " + token).post("/api/v1/change-requests", forBob);

            assertThat(refused.isError()).isTrue();
            assertThat(refused.structuredContent()).isEqualTo(read(overRest.body()));
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text()).contains("requestedBy");
        }
    }

    @Test
    void submitChangePlanOffersNoEmergencyAndRefusesOneWithoutStoringThePlan() {
        String token = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("alice")))
                .path("token").asText();
        Map<String, Object> plan = new HashMap<>(Plans.productionRestart("alice"));
        String title = "mcp emergency " + System.nanoTime();
        plan.put("title", title);
        Map<String, Object> emergency = Map.of("reason", "Checkout is down", "incidentRef", "INC-4711");
        Map<String, Object> inPlan = new HashMap<>(plan);
        inPlan.put("emergency", emergency);
        try (McpSyncClient mcp = client(token)) {
            mcp.initialize();
            McpSchema.Tool submit = mcp.listTools().tools().stream()
                    .filter(t -> t.name().equals("submit_change_plan")).findFirst().orElseThrow();

            CallToolResult beside = mcp.callTool(new McpSchema.CallToolRequest("submit_change_plan",
                    Map.of("plan", plan, "emergency", emergency)));
            CallToolResult inside = mcp.callTool(new McpSchema.CallToolRequest("submit_change_plan",
                    Map.of("plan", inPlan)));

            assertThat(submit.inputSchema().toString()).doesNotContain("emergency", "incidentRef");
            assertThat(beside.isError()).isTrue();
            assertThat(inside.isError()).isTrue();
            assertThat(((McpSchema.TextContent) inside.content().get(0)).text()).contains("plan.emergency");
            assertThat(jdbc.sql("select count(*) from change_request where title = ?").param(title)
                    .query(Integer.class).single()).isZero();
        }
    }

    @Test
    void answersWithoutATokenOrWithADeadOneWith401BeforeAnyMcpMessage() {
        byte[] initialize = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""".getBytes(StandardCharsets.UTF_8);

        Api.Response anonymous = api().postRaw("/mcp", "application/json", initialize);
        Api.Response dead = api().withAuthorization("Bearer cs_agt_not-a-token").postRaw("/mcp", "application/json",
                initialize);
        Api.Response person = as("alice").postRaw("/mcp", "application/json", initialize);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(dead.status()).isEqualTo(401);
        assertThat(dead.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(person.status()).isEqualTo(401);
        try (McpSyncClient mcp = client("cs_agt_not-a-token")) {
            assertThatThrownBy(mcp::initialize).isInstanceOf(RuntimeException.class);
        }
    }

    private McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://localhost:" + port)
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90))
                .initializationTimeout(Duration.ofSeconds(30)).build();
    }

    private static Map<String, Object> call(McpSyncClient mcp, String tool, Map<String, Object> arguments) {
        CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest(tool, new HashMap<>(arguments)));
        assertThat(result.isError()).as(tool + ": " + result.content()).isFalse();
        assertThat(result.content()).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        assertThat(read(((McpSchema.TextContent) result.content().get(0)).text())).isEqualTo(structured);
        return structured;
    }

    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
