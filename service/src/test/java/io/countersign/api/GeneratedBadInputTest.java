package io.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hundreds of malformed submissions: every one is a 4xx problem detail that names no internals, none is a 5xx, and
 * none writes a row. All are sent as an agent; every tenth also as an engineer, whose HTTP Basic login costs a
 * password hash per request and would make the whole set take minutes.
 */
class GeneratedBadInputTest extends AppTest {

    private static final List<String> INTERNALS = List.of("Exception", "io.countersign", "java.", "com.fasterxml",
            "org.springframework", "\tat ", "jakarta.");

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyMalformedSubmissionIsAProblemDetailAndWritesNothing() {
        List<MalformedSubmissions.Case> cases = MalformedSubmissions.all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(500);
        Api agent = asAgent("kiro-7", "alice");
        Api engineer = as("alice");
        long[] before = rowCounts();

        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < cases.size(); i++) {
            MalformedSubmissions.Case c = cases.get(i);
            Map<String, Api> callers = i % 10 == 0 ? Map.of("agent", agent, "engineer", engineer) : Map.of("agent", agent);
            for (Map.Entry<String, Api> caller : callers.entrySet()) {
                Api api = caller.getValue();
                for (Map.Entry<String, String> header : c.headers().entrySet()) {
                    api = api.withHeader(header.getKey(), header.getValue());
                }
                Api.Response response = c.name().equals("2 MiB body")
                        ? api.postStreamed("/api/v1/change-requests", c.body())
                        : api.postRaw("/api/v1/change-requests", c.contentType(), c.body());
                sent++;
                String problem = problemIn(response);
                if (problem != null) {
                    wrong.add(caller.getKey() + " / " + c + ": " + problem);
                }
            }
        }

        assertThat(sent).isGreaterThan(cases.size());
        assertThat(wrong).isEmpty();
        assertThat(rowCounts()).as("change_request, outbox, audit_entry, webhook_subscription rows").containsExactly(before);
    }

    /** The policy's dry run reads the same plan: the same malformed bodies get the same kind of answer there. */
    @Test
    void everyMalformedPlanSentToThePolicyDryRunIsAProblemDetailAndWritesNothing() {
        List<MalformedSubmissions.Case> cases = MalformedSubmissions.all();
        Api agent = asAgent("kiro-7", "alice");
        long[] before = rowCounts();

        List<String> wrong = new ArrayList<>();
        for (MalformedSubmissions.Case c : cases) {
            Api api = agent;
            for (Map.Entry<String, String> header : c.headers().entrySet()) {
                api = api.withHeader(header.getKey(), header.getValue());
            }
            if (c.headers().containsKey("Idempotency-Key")) {
                continue; // a submit header: the dry run takes none, so the case's body may well be a valid plan
            }
            Api.Response response = c.name().equals("2 MiB body")
                    ? api.postStreamed("/api/v1/policy-checks", c.body())
                    : api.postRaw("/api/v1/policy-checks", c.contentType(), c.body());
            String problem = problemIn(response);
            if (problem != null) {
                wrong.add(c + ": " + problem);
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(rowCounts()).as("change_request, outbox, audit_entry, webhook_subscription rows").containsExactly(before);
    }

    @Test
    void aBodyAnnouncedAsTooLargeIsRefusedBeforeItIsRead() {
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');

        Api.Response response = as("alice").postRaw("/api/v1/change-requests", "application/json", body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aProblemNamesTheBrokenFieldByItsPathAndAnOversizedListOnlyByItsSize() {
        Map<String, Object> plan = io.countersign.support.Plans.productionRestart("alice");
        @SuppressWarnings("unchecked")
        Map<String, Object> action = ((List<Map<String, Object>>) plan.get("actions")).get(0);
        action.put("scope", null);
        Api.Response oneBroken = as("alice").post("/api/v1/change-requests", plan);
        plan.put("actions", java.util.Collections.nCopies(5000, Map.of()));
        Api.Response tooMany = as("alice").post("/api/v1/change-requests", plan);

        assertThat(oneBroken.json().path("errors").findValuesAsText("field")).containsExactly("actions[0].scope");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("errors").findValuesAsText("field")).containsExactly("actions");
    }

    /** What is wrong with the response, or null if it is a proper 4xx problem detail. */
    private static String problemIn(Api.Response response) {
        // A rate-limited request proves nothing about validation, so it counts as a failure here.
        if (response.status() < 400 || response.status() >= 500 || response.status() == 429) {
            return "status " + response.status() + " " + abbreviate(response.body());
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return "content type '" + response.contentType() + "' for " + response.status();
        }
        JsonNode body = response.json();
        if (body.path("status").asInt() != response.status() || body.path("title").asText().isBlank()
                || body.path("detail").asText().isBlank()) {
            return "incomplete problem detail " + abbreviate(response.body());
        }
        for (String internal : INTERNALS) {
            if (response.body().contains(internal)) {
                return "leaks '" + internal + "': " + abbreviate(response.body());
            }
        }
        return null;
    }

    private long[] rowCounts() {
        return new long[] {count("change_request"), count("outbox"), count("audit_entry"),
                count("webhook_subscription")};
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
