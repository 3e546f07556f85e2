package io.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bad arguments to every MCP tool, sent as raw JSON-RPC over Streamable HTTP (so wrong types and ill-formed Unicode
 * reach the server exactly as written): each is a tool error carrying a 4xx problem detail that names the field and
 * why, never a 5xx and never internals, and none of them stores anything.
 */
class McpBadArgumentsTest extends AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> INTERNALS = List.of("Exception", "io.countersign", "java.", "com.fasterxml",
            "org.springframework", "jakarta.");

    @Autowired
    JdbcClient jdbc;

    private String token;
    private String session;
    private int nextId = 1;

    @Test
    void everyToolRefusesBadArgumentsWithAProblemNamingTheFieldAndStoresNothing() throws Exception {
        token = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("alice"))).path("token").asText();
        initialize();
        String plan = JSON.writeValueAsString(Plans.productionRestart("alice"));
        String hash = "0".repeat(64);
        Map<String, String[]> cases = new LinkedHashMap<>();
        // tool, arguments as raw JSON, the field the problem must name (null: a 4xx is enough, e.g. not found)
        cases.put("check_policy without arguments", new String[] {"check_policy", "{}", "plan"});
        cases.put("check_policy plan as a string", new String[] {"check_policy", "{\"plan\":\"restart it\"}", "plan"});
        cases.put("check_policy plan as an array", new String[] {"check_policy", "{\"plan\":[1]}", "plan"});
        cases.put("check_policy actions as a number", new String[] {"check_policy", "{\"plan\":" + edit(plan, p -> p.put("actions", 3)) + "}",
                "plan.actions"});
        cases.put("check_policy huge title", new String[] {"check_policy",
                "{\"plan\":" + edit(plan, p -> p.put("title", "x".repeat(100_000))) + "}", "plan.title"});
        cases.put("check_policy unknown operation", new String[] {"check_policy", "{\"plan\":" + edit(plan,
                p -> ((ObjectNode) p.withArray("actions").get(0)).put("operation", "NUKE")) + "}",
                "plan.actions[0].operation"});
        cases.put("submit unknown argument", new String[] {"submit_change_plan",
                "{\"plan\":" + plan + ",\"force\":true}", "force"});
        cases.put("submit idempotency key with a space", new String[] {"submit_change_plan",
                "{\"plan\":" + plan + ",\"idempotencyKey\":\"my key\"}", "idempotencyKey"});
        cases.put("submit idempotency key too long", new String[] {"submit_change_plan",
                "{\"plan\":" + plan + ",\"idempotencyKey\":\"" + "k".repeat(201) + "\"}", "idempotencyKey"});
        cases.put("submit lone surrogate in the title", new String[] {"submit_change_plan",
                "{\"plan\":" + edit(plan, p -> p.put("title", "PLACEHOLDER")).replace("PLACEHOLDER", "\\ud800") + "}",
                "plan.title"});
        cases.put("submit requested by someone else", new String[] {"submit_change_plan",
                "{\"plan\":" + edit(plan, p -> p.put("requestedBy", "bob")) + "}", "requestedBy"});
        cases.put("submit reversible as text", new String[] {"submit_change_plan", "{\"plan\":" + edit(plan,
                p -> ((ObjectNode) p.withArray("actions").get(0)).put("reversible", "maybe")) + "}",
                "plan.actions[0].reversible"});
        cases.put("await without a request", new String[] {"await_decision", "{}", "requestId"});
        cases.put("await request id too long", new String[] {"await_decision",
                "{\"requestId\":\"" + "a".repeat(37) + "\"}", "requestId"});
        cases.put("await request id as an object", new String[] {"await_decision", "{\"requestId\":{\"id\":1}}",
                "requestId"});
        cases.put("await wait as text", new String[] {"await_decision",
                "{\"requestId\":\"x\",\"waitSeconds\":\"soon\"}", "waitSeconds"});
        cases.put("await wait too long", new String[] {"await_decision",
                "{\"requestId\":\"x\",\"waitSeconds\":600}", "waitSeconds"});
        cases.put("await wait negative", new String[] {"await_decision",
                "{\"requestId\":\"x\",\"waitSeconds\":-1}", "waitSeconds"});
        cases.put("await unknown request", new String[] {"await_decision",
                "{\"requestId\":\"00000000-0000-0000-0000-000000000000\",\"waitSeconds\":0}", null});
        cases.put("withdraw unknown request", new String[] {"withdraw_change_plan",
                "{\"requestId\":\"no-such-request\"}", null});
        cases.put("withdraw reason too long", new String[] {"withdraw_change_plan",
                "{\"requestId\":\"x\",\"reason\":\"" + "r".repeat(1001) + "\"}", "reason"});
        cases.put("withdraw lone low surrogate in the reason", new String[] {"withdraw_change_plan",
                "{\"requestId\":\"x\",\"reason\":\"why \\udc00\"}", "reason"});
        cases.put("report unknown outcome", new String[] {"report_execution",
                "{\"requestId\":\"x\",\"outcome\":\"MAYBE\",\"planHash\":\"" + hash + "\",\"approvalToken\":\"t\"}",
                "outcome"});
        cases.put("report upper-case hash", new String[] {"report_execution",
                "{\"requestId\":\"x\",\"outcome\":\"SUCCEEDED\",\"planHash\":\"" + "A".repeat(64)
                        + "\",\"approvalToken\":\"t\"}", "planHash"});
        cases.put("report without a token", new String[] {"report_execution",
                "{\"requestId\":\"x\",\"outcome\":\"FAILED\",\"planHash\":\"" + hash + "\"}", "approvalToken"});
        cases.put("report for an unknown request", new String[] {"report_execution",
                "{\"requestId\":\"no-such-request\",\"outcome\":\"FAILED\",\"planHash\":\"" + hash
                        + "\",\"approvalToken\":\"t\"}", null});
        long[] before = rowCounts();

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String[] call = c.getValue();
            String problem = problemIn(callTool(call[0], call[1]), call[2]);
            if (problem != null) {
                wrong.add(c.getKey() + ": " + problem);
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(rowCounts()).as("change_request, outbox, audit_entry rows").containsExactly(before);
    }

    /** What is wrong with a tool call's answer, or null if it is a tool error with a 4xx problem naming the field. */
    private static String problemIn(HttpResponse<String> http, String field) throws Exception {
        if (http.statusCode() != 200) {
            return "HTTP " + http.statusCode() + " " + abbreviate(http.body());
        }
        JsonNode message = message(http.body());
        JsonNode result = message.path("result");
        if (!result.path("isError").asBoolean(false)) {
            return "not a tool error: " + abbreviate(message.toString());
        }
        JsonNode problem = result.path("structuredContent");
        int status = problem.path("status").asInt();
        if (status < 400 || status >= 500) {
            return "status " + status + ": " + abbreviate(problem.toString());
        }
        // A plan's own checks name fields as the API does (title); binding names them from the arguments (plan.title).
        List<String> named = problem.path("errors").findValuesAsText("field");
        if (field != null && !named.contains(field) && !named.contains(field.replaceFirst("^plan\\.", ""))) {
            return "does not name " + field + ": " + abbreviate(problem.toString());
        }
        if (problem.path("detail").asText().isBlank() || problem.path("title").asText().isBlank()) {
            return "incomplete problem: " + abbreviate(problem.toString());
        }
        for (String internal : INTERNALS) {
            if (problem.toString().contains(internal)) {
                return "leaks '" + internal + "': " + abbreviate(problem.toString());
            }
        }
        return null;
    }

    private void initialize() throws Exception {
        HttpResponse<String> answer = send("""
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"bad-arguments","version":"1"}}}""");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        session = answer.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> initialized = send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(initialized.statusCode()).as(initialized.body()).isBetween(200, 202);
    }

    private HttpResponse<String> callTool(String tool, String arguments) throws Exception {
        return send("{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + arguments + "}}");
    }

    private HttpResponse<String> send(String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC message of an answer sent as JSON or as a server-sent event stream. */
    private static JsonNode message(String body) throws Exception {
        String text = body.strip();
        if (!text.startsWith("{")) {
            StringBuilder data = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            text = data.toString();
        }
        return JSON.readTree(text);
    }

    private static String edit(String plan, Consumer<ObjectNode> change) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(plan);
        change.accept(node);
        return JSON.writeValueAsString(node);
    }

    private long[] rowCounts() {
        return new long[] {count("change_request"), count("outbox"), count("audit_entry")};
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}
