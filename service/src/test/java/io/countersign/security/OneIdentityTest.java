package io.countersign.security;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import io.countersign.support.WebSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** People count once: one canonical name per person, agent ids apart from people, groups read when deciding. */
class OneIdentityTest extends AppTest {

    private static final String FULL_WIDTH_ALICE = "ＡＬＩＣＥ";

    @Autowired
    JdbcClient jdbc;

    @Test
    void everySpellingOfAliceSignsInAsAliceAndIsStoredAsAlice() {
        Map<String, Object> plan = productionRestart("Alice");
        String title = "one alice " + UUID.randomUUID();
        plan.put("title", title);

        Response submitted = as(FULL_WIDTH_ALICE).post("/api/v1/change-requests", plan);

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.text("id");
        for (String spelling : List.of("alice", "Alice", "ALICE", FULL_WIDTH_ALICE)) {
            Response read = as(spelling).get("/api/v1/change-requests/" + id);
            assertThat(read.status()).as(spelling).isEqualTo(200);
            assertThat(read.text("requestedBy")).isEqualTo("alice");
        }
        assertThat(jdbc.sql("select requested_by || '/' || submitted_by from change_request where id = ?").param(id)
                .query(String.class).single()).isEqualTo("alice/alice");
        WebSession web = WebSession.signedIn(port, URLEncoder.encode(FULL_WIDTH_ALICE, StandardCharsets.UTF_8));
        assertThat(web.get("/my-requests").body()).contains(title);
    }

    @Test
    void aPlanNamingAliceAsAliceIsAcceptedFromAliceAndRefusedFromBob() {
        assertThat(as("alice").post("/api/v1/change-requests", productionRestart("ALICE")).status()).isEqualTo(201);

        Response refused = as("bob").post("/api/v1/change-requests", productionRestart("Alice"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("requestedBy");
    }

    @Test
    void theRequesterCannotApproveUnderAnotherSpellingOfTheirName() {
        String id = submit("bob", productionRestart("bob")).path("id").asText();
        String task = taskOf("carol", id);

        for (String spelling : List.of("Bob", "ＢＯＢ")) {
            Response refused = decide(spelling, task, "APPROVE", "it is fine");
            assertThat(refused.status()).as(spelling).isEqualTo(403);
            assertThat(refused.text("detail")).contains("bob requested this plan");
        }
        assertThat(as("bob").get("/api/v1/change-requests/" + id).json().path("approvals")).isEmpty();
    }

    @Test
    void anAgentIdThatIsAPersonsNameInAnySpellingIsRefused() {
        for (String agentId : List.of("alice", "Bob", "ＣＡＲＯＬ", "erin")) {
            Response refused = as("admin").post("/api/v1/admin/agent-tokens",
                    Map.of("agentId", agentId, "engineers", List.of("alice")));
            assertThat(refused.status()).as(agentId).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("agentId");
        }
    }

    @Test
    void aTokenCanBeBoundOnlyToEngineersInTheDirectory() {
        Response nobody = as("admin").post("/api/v1/admin/agent-tokens",
                Map.of("agentId", "kiro-7", "engineers", List.of("alice", "nobody")));
        Response auditor = as("admin").post("/api/v1/admin/agent-tokens",
                Map.of("agentId", "kiro-7", "engineers", List.of("erin")));

        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().path("errors").get(0).path("field").asText()).isEqualTo("engineers");
        assertThat(nobody.json().path("errors").get(0).path("message").asText()).contains("nobody");
        assertThat(auditor.status()).isEqualTo(400);
        assertThat(auditor.json().path("errors").get(0).path("message").asText()).contains("erin");
        JsonNode canonical = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("Alice", "ＢＯＢ")));
        assertThat(canonical.path("details").path("engineers").toString()).isEqualTo("[\"alice\",\"bob\"]");
    }

    @Test
    void everyEngineerATokenMayActForIsOnTheRequestingSideOfItsPlans() {
        Api agent = asAgent("pair-bot", "alice", "bob");
        Response submitted = agent.post("/api/v1/change-requests", agentPlan("pair-bot", "alice"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.text("id");
        String task = taskOf("carol", id);

        Response bob = decide("bob", task, "APPROVE", "looks fine to me");

        assertThat(bob.status()).isEqualTo(403);
        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().path("approvals")).isEmpty();
        assertThat(jdbc.sql("select requester_side from change_request where id = ?").param(id).query(String.class)
                .single()).isEqualTo("alice,bob");
        assertThat(decide("carol", task, "APPROVE", "owning team agrees").status()).isEqualTo(200);
    }

    @Test
    void twoTokensOfOneAgentIdForDifferentTeamsAreNotEachOthersRequesterSide() {
        Api forAlice = asAgent("shared-bot", "alice");
        Api forCarol = asAgent("shared-bot", "carol");
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> plan = agentPlan("shared-bot", "alice");
        Response submitted = forAlice.withHeader("Idempotency-Key", key).post("/api/v1/change-requests", plan);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.text("id");

        assertThat(forCarol.get("/api/v1/change-requests/" + id).status()).isEqualTo(404);
        assertThat(forCarol.get("/api/v1/change-requests/" + id + "/decision?waitSeconds=0").status()).isEqualTo(404);
        assertThat(forCarol.post("/api/v1/change-requests/" + id + "/withdraw", "").status()).isIn(403, 404);
        Response replayed = forCarol.withHeader("Idempotency-Key", key).post("/api/v1/change-requests",
                agentPlan("shared-bot", "carol"));
        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.body()).doesNotContain(id);
        assertThat(forAlice.get("/api/v1/change-requests/" + id).text("status")).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void anApproverRemovedFromAGroupCannotDecideForItInTheSessionHeIsStillIn() {
        WebSession dave = WebSession.signedIn(port, "dave");
        String id = submit("alice", plan("alice", "production",
                action("UPDATE", "MULTI_REGION", true, "eu-west-1", "us-east-1"))).path("id").asText();
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("tier")).isEqualTo("HIGH");
        taskOf("dave", id);
        try {
            Response removed = as("admin").send("PUT", "/api/v1/admin/users/dave", person("sre-leads"));
            assertThat(removed.status()).as(removed.body()).isEqualTo(200);

            Response web = dave.post("/requests/" + id + "/decision", "decision=APPROVE&comment=still+mine");
            Response basic = decide("dave", taskId(id), "APPROVE", "still mine");

            assertThat(dave.get("/").status()).isEqualTo(200);
            // Not routed to him any more: the task is hidden (404) or the decision refused (403), never recorded.
            assertThat(basic.status()).isIn(403, 404);
            // Refused, whatever page says so (409 in place, or the request no longer visible to him).
            assertThat(web.status()).isGreaterThanOrEqualTo(400);
            assertThat(as("alice").get("/api/v1/change-requests/" + id).json().path("approvals")).isEmpty();
        } finally {
            as("admin").send("PUT", "/api/v1/admin/users/dave", person("sre", "sre-leads"));
        }
        Response back = dave.post("/requests/" + id + "/decision", "decision=APPROVE&comment=back+in+sre");
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).endsWith("/requests/" + id);
        JsonNode decided = awaitDecision("alice", id);
        assertThat(decided.path("approvals").findValuesAsText("approver")).as(decided.toString()).containsExactly("dave");
        assertThat(decided.path("status").asText()).as(decided.toString()).isEqualTo("APPROVED");
    }

    @Test
    void anAdminCreatesAnSsoOnlyPersonWhoHasNoPasswordAndIsAudited() {
        String name = "sso-" + UUID.randomUUID().toString().substring(0, 8);

        Response created = as("admin").send("PUT", "/api/v1/admin/users/" + name.toUpperCase(),
                "{\"roles\": [\"ENGINEER\"], \"approverGroups\": []}");
        Response agentRole = as("admin").send("PUT", "/api/v1/admin/users/" + name, "{\"roles\": [\"AGENT\"]}");
        createAgentToken(Map.of("agentId", "deploy-bot-9", "engineers", List.of("alice")));
        Response agentName = as("admin").send("PUT", "/api/v1/admin/users/deploy-bot-9", "{\"roles\": [\"ENGINEER\"]}");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.text("name")).isEqualTo(name);
        assertThat(api().as(name).get("/api/v1/tasks").status()).isEqualTo(401);
        assertThat(agentRole.status()).isEqualTo(400);
        assertThat(agentRole.json().path("errors").get(0).path("field").asText()).isEqualTo("roles");
        assertThat(agentName.status()).isEqualTo(400);
        assertThat(agentName.json().path("errors").get(0).path("field").asText()).isEqualTo("username");
        assertThat(as("admin").get("/api/v1/audit/events?type=PERSON_CHANGED&limit=500").body()).contains(name);
    }

    @Test
    void aDisabledPersonsLiveSessionEndsAtTheNextRequest() {
        WebSession carol = WebSession.signedIn(port, "carol");
        assertThat(carol.get("/").status()).isEqualTo(200);
        try {
            jdbc.sql("update app_user set enabled = false where username = 'carol'").update();

            Response next = carol.get("/");

            assertThat(next.status()).isEqualTo(302);
            assertThat(next.header("Location")).contains("/login");
        } finally {
            jdbc.sql("update app_user set enabled = true where username = 'carol'").update();
        }
    }

    private static Map<String, Object> agentPlan(String agentId, String requestedBy) {
        Map<String, Object> plan = productionRestart(requestedBy);
        plan.put("agent", Map.of("id", agentId, "name", "Bot"));
        return plan;
    }

    /** The request's task id, read where no routing rule hides it. */
    private String taskId(String requestId) {
        return jdbc.sql("select id from approval_task where request_id = ?").param(requestId).query(String.class).single();
    }

    /** Dave as the demo directory has him, in these approver groups. */
    private static String person(String... groups) {
        return "{\"displayName\": \"Dave (SRE)\", \"roles\": [\"ENGINEER\", \"APPROVER\"], \"approverGroups\": [\""
                + String.join("\", \"", groups) + "\"]}";
    }
}
