package io.countersign.audit;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.recreateProductionEnvironment;
import static io.countersign.support.Plans.stagingUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day of demo traffic, compressed: every kind of request the demo users produce, by people and by an agent, spread
 * over 24 hours of engine time so that escalations, expiries and lapsed approvals happen too. Then the auditor's
 * view: the chain verifies on the server and offline, and every request's story can be told from the export alone.
 */
class DemoDayAuditTest extends AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The requests of the day, one of each kind per round. */
    private static final int ROUNDS = 2;

    @TempDir
    Path files;

    @Test
    void aDayOfDemoTrafficVerifiesAndEveryRequestsStoryIsInTheExport() throws Exception {
        Api agent = asAgent("kiro-7", "alice");
        List<String> requests = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            requests.addAll(oneOfEachKind(agent));
            // The rest of the day passes in steps, so each round's pending requests meet its timers.
            engineClock.advance(Duration.ofHours(24 / ROUNDS));
        }
        // Whatever still waits (an unanswered plan, an approval nobody executed) times out by the end of the day.
        try {
            advanceUntil(Duration.ofHours(6), () -> requests.stream().noneMatch(this::stillOpen));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("still open after the day: " + requests.stream().filter(this::stillOpen)
                    .map(id -> "#" + requests.indexOf(id) + " " + as("alice").get("/api/v1/change-requests/" + id)
                            .text("status") + " " + as("erin").get("/api/v1/audit/events?requestId=" + id).body())
                    .toList(), e);
        }

        Api auditor = as("erin");
        // The export holds sealed entries only: wait for the newest one to be sealed.
        await().atMost(Duration.ofSeconds(20)).until(() -> auditor.get("/api/v1/audit/events?limit=1").json()
                .path("items").get(0).hasNonNull("seq"));
        JsonNode verified = auditor.get("/api/v1/audit/verify").json();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();

        Api.Response export = auditor.get("/api/v1/audit/export?format=json");
        assertThat(export.status()).isEqualTo(200);
        Path file = Files.writeString(files.resolve("demo-day.json"), export.body());
        var printed = new ByteArrayOutputStream();
        int exit = VerifyExport.run(new String[] {file.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isEqualTo(VerifyExport.VALID);

        Map<String, List<JsonNode>> stories = byRequest(JSON.readTree(export.body()));
        Set<String> endings = new HashSet<>();
        for (String id : requests) {
            JsonNode request = as("alice").get("/api/v1/change-requests/" + id).json();
            assertStoryMatches(request, stories.get(id));
            endings.add(request.path("status").asText());
        }
        assertThat(endings).contains("EXECUTED", "REJECTED", "CHANGES_REQUESTED", "WITHDRAWN", "DENIED", "EXPIRED",
                "APPROVAL_LAPSED");
    }

    /** One request of every kind the demo produces; returns their ids. */
    private List<String> oneOfEachKind(Api agent) {
        List<String> ids = new ArrayList<>();

        // An agent's reversible staging update: LOW, approved by nobody, executed with its token.
        JsonNode low = agentSubmits(agent, stagingUpdate("alice"));
        report(agent, low, "SUCCEEDED");
        ids.add(low.path("id").asText());

        // A production restart: MEDIUM, the owning team approves, the agent runs it.
        JsonNode medium = agentSubmits(agent, productionRestart("alice"));
        String mediumId = medium.path("id").asText();
        decided("bob", taskOf("bob", mediumId), "APPROVE", "restart during the quiet hour");
        report(agent, awaitDecision("alice", mediumId), "SUCCEEDED");
        ids.add(mediumId);

        // Delete and recreate a production environment: CRITICAL, two approvers from the team and SRE.
        String critical = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        String criticalTask = taskOf("dave", critical);
        decided("bob", criticalTask, "APPROVE", "snapshot verified");
        decided("dave", criticalTask, "APPROVE", "SRE: blast radius acceptable");
        report(as("alice"), awaitDecision("alice", critical), "FAILED");
        ids.add(critical);

        // The same plan again, rejected by SRE after the team said yes.
        String rejected = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        String rejectedTask = taskOf("dave", rejected);
        decided("carol", rejectedTask, "APPROVE", "fine by the owning team");
        decided("dave", rejectedTask, "REJECT", "no staged rollout");
        awaitDecision("alice", rejected);
        ids.add(rejected);

        // Changes requested, and the revision approved but never executed: its approval lapses.
        String first = submit("alice", productionRestart("alice")).path("id").asText();
        decided("carol", taskOf("carol", first), "REQUEST_CHANGES", "one pod at a time");
        awaitDecision("alice", first);
        Map<String, Object> revision = productionRestart("alice");
        revision.put("revisionOf", first);
        String revised = submit("alice", revision).path("id").asText();
        decided("bob", taskOf("bob", revised), "APPROVE", "better");
        awaitDecision("alice", revised);
        ids.add(first);
        ids.add(revised);

        // Withdrawn by the engineer while pending; denied outright; and one nobody answers, which expires.
        String withdrawn = submit("alice", productionRestart("alice")).path("id").asText();
        as("alice").post("/api/v1/change-requests/" + withdrawn + "/withdraw", "");
        ids.add(withdrawn);
        ids.add(agentSubmits(agent, plan("alice", "moon-base", action("RESTART", "RESOURCE", true)))
                .path("id").asText());
        ids.add(submit("alice", productionRestart("alice")).path("id").asText());
        return ids;
    }

    private void decided(String approver, String task, String decision, String comment) {
        Api.Response response = decide(approver, task, decision, comment);
        assertThat(response.status()).as("%s %s: %s", approver, decision, response.body()).isEqualTo(200);
    }

    private JsonNode agentSubmits(Api agent, Map<String, Object> plan) {
        Api.Response response = agent.post("/api/v1/change-requests", plan);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private void report(Api reporter, JsonNode approved, String outcome) {
        assertThat(approved.path("status").asText()).as(approved.toString()).isEqualTo("APPROVED");
        Api.Response redeemed = reporter.post("/api/v1/approval-tokens/redeem", Map.of(
                "token", approved.path("approvalToken").asText(), "planHash", approved.path("planHash").asText()));
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        Api.Response closed = reporter.post("/api/v1/change-requests/" + approved.path("id").asText()
                + "/execution-report", Map.of("outcome", outcome, "planHash", approved.path("planHash").asText(),
                "approvalToken", approved.path("approvalToken").asText()));
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    }

    private boolean stillOpen(String id) {
        String status = as("alice").get("/api/v1/change-requests/" + id).text("status");
        return status.equals("PENDING_APPROVAL") || status.equals("APPROVED") || status.equals("SUBMITTED")
                || status.equals("CLASSIFIED");
    }

    private static Map<String, List<JsonNode>> byRequest(JsonNode export) {
        Map<String, List<JsonNode>> stories = new LinkedHashMap<>();
        for (JsonNode entry : export) {
            if (entry.hasNonNull("requestId")) {
                stories.computeIfAbsent(entry.path("requestId").asText(), id -> new ArrayList<>()).add(entry);
            }
        }
        return stories;
    }

    /**
     * The export alone tells what the API says happened: submitted first, the same plan hash throughout, the policy's
     * verdict with its rule and DMN version, every decision by its approver with outcome, comment and address, and the
     * request's final status as its last word.
     */
    private static void assertStoryMatches(JsonNode request, List<JsonNode> story) {
        String id = request.path("id").asText();
        assertThat(story).as("entries of %s", id).isNotEmpty();
        assertThat(story.getFirst().path("type").asText()).as("first entry of %s", id).isEqualTo("SUBMITTED");
        assertThat(story).as("plan hash throughout %s", id)
                .allSatisfy(e -> assertThat(e.path("planHash").asText()).isEqualTo(request.path("planHash").asText()));
        List<String> types = story.stream().map(e -> e.path("type").asText()).toList();
        JsonNode classified = story.stream().filter(e -> e.path("type").asText().equals("CLASSIFIED")).findFirst()
                .orElseThrow(() -> new AssertionError("no CLASSIFIED entry for " + id + ": " + types));
        assertThat(classified.path("tier").asText()).isEqualTo(request.path("tier").asText());
        assertThat(classified.path("details").path("ruleId").asText()).isEqualTo(request.path("ruleId").asText());
        assertThat(classified.path("details").path("dmnVersion").isInt()).as(classified.toString()).isTrue();
        String status = request.path("status").asText();
        assertThat(types).as("story of %s (%s)", id, status).contains(status);
        assertThat(types.getLast()).as("last entry of %s (%s)", id, status).isEqualTo(status);
        for (JsonNode decision : request.path("approvals")) {
            assertThat(story).as("decision by %s on %s", decision.path("approver").asText(), id).anySatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo("DECIDED");
                assertThat(e.path("actor").asText()).isEqualTo(decision.path("approver").asText());
                assertThat(e.path("outcome").asText()).isEqualTo(decision.path("outcome").asText());
                assertThat(e.path("comment").asText()).isEqualTo(decision.path("comment").asText());
                assertThat(e.path("remoteAddress").asText()).isNotBlank();
            });
        }
    }
}
