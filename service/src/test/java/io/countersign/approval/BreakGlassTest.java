package io.countersign.approval;

import static io.countersign.support.Plans.plan;
import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.recreateProductionEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.security.Roles;
import io.countersign.security.UserDirectory;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Break-glass on the running application and its engine: one person in the break-glass group approves a waiting
 * plan at once with an emergency token; two others, one from each group, must review it; an overdue review escalates
 * and keeps its invoker from breaking glass again; agents, outsiders and DENIED plans are refused. Each test that
 * breaks glass completes or leaves behind only reviews of its own invoker, so tests do not depend on one another.
 */
class BreakGlassTest extends AppTest {

    /** A second SRE, so an SRE's break-glass can be reviewed by SRE (the demo has only dave). */
    private static final String FRANK = "frank";
    private static final String GRACE = "grace";

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void secondAndThirdSre() {
        users.addIfAbsent(FRANK, passwords.encode("demo"), "Frank (SRE)", List.of(Roles.ENGINEER, Roles.APPROVER),
                List.of("sre"));
        users.addIfAbsent(GRACE, passwords.encode("demo"), "Grace (SRE)", List.of(Roles.ENGINEER, Roles.APPROVER),
                List.of("sre"));
    }

    @Test
    void breakGlassApprovesAtOnceWithAnEmergencyTokenTheShortWindowAndALoudTrace() {
        String id = pendingCriticalPlan();
        Instant before = Instant.now();

        Response broken = breakGlass("dave", id);
        JsonNode decided = awaitDecision("alice", id);
        JsonNode claims = as("alice").post("/api/v1/approval-tokens/verify", Map.of("token",
                decided.path("approvalToken").asText(), "planHash", decided.path("planHash").asText()))
                .json().path("claims");

        assertThat(broken.status()).as(broken.body()).isEqualTo(200);
        assertThat(broken.text("invokedBy")).isEqualTo("dave");
        assertThat(decided.path("status").asText()).isEqualTo("APPROVED");
        assertThat(claims.path("emergency").asBoolean()).isTrue();
        assertThat(claims.path("approvers").toString()).contains("dave");
        assertThat(Instant.parse(broken.text("approvalExpiresAt")))
                .isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(auditTypes(id)).contains("BREAK_GLASS", "APPROVED", "TOKEN_ISSUED");
        assertThat(taskIds("bob")).doesNotContain(broken.text("requestId"));
        assertThat(populationRow(id, before).path("emergency").asBoolean()).isTrue();
        assertThat(populationRow(id, before).path("approvers").toString()).contains("dave");
        assertNoStall(id);
        completeReview(id, "bob", FRANK);
    }

    @Test
    void theReviewNeedsTwoDistinctPeopleNeitherInvokerNorRequesterOneFromEachGroup() {
        String id = pendingCriticalPlan();
        breakGlass("dave", id);

        Response byInvoker = review("dave", id, "ACCEPTED");
        Response byRequester = review("alice", id, "ACCEPTED");
        Response withoutComment = as("bob").post(reviews(id), Map.of("outcome", "ACCEPTED"));
        Response first = review("bob", id, "ACCEPTED");
        Response sameGroup = review("carol", id, "ACCEPTED");
        Response again = review("bob", id, "FLAGGED");
        Response second = review(FRANK, id, "FLAGGED");
        Response afterwards = review(GRACE, id, "ACCEPTED");

        assertThat(byInvoker.status()).isEqualTo(403);
        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(withoutComment.status()).isEqualTo(422);
        assertThat(withoutComment.json().path("errors").get(0).path("field").asText()).isEqualTo("comment");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.text("reviewOutcome")).isEqualTo("PENDING");
        assertThat(sameGroup.status()).isEqualTo(409);
        assertThat(again.status()).isEqualTo(409);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.text("reviewOutcome")).isEqualTo("FLAGGED");
        assertThat(afterwards.status()).isEqualTo(409);
        assertThat(auditTypes(id)).contains("BREAK_GLASS_REVIEWED", "BREAK_GLASS_REVIEW_COMPLETED");
        JsonNode use = reportEntry(id);
        assertThat(use.path("reviewOutcome").asText()).isEqualTo("FLAGGED");
        assertThat(use.path("reviews").findValuesAsText("reviewer")).containsExactlyInAnyOrder("bob", FRANK);
        assertNoStall(id);
    }

    @Test
    void anOverdueReviewEscalatesAndItsInvokerCannotBreakGlassAgainUntilItIsReviewed() {
        String overdue = pendingCriticalPlan();
        breakGlass(GRACE, overdue);

        advanceUntil(Duration.ofHours(6), () -> auditTypes(overdue).contains("BREAK_GLASS_REVIEW_OVERDUE"));
        String next = pendingCriticalPlan();
        Response refused = breakGlass(GRACE, next);
        completeReview(overdue, "bob", FRANK);
        Response allowedAgain = breakGlass(GRACE, next);

        assertThat(reportEntry(overdue).path("escalated").asBoolean()).isTrue();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains(overdue, "reviewed");
        assertThat(auditTypes(next)).contains("BREAK_GLASS_REFUSED");
        assertThat(allowedAgain.status()).as(allowedAgain.body()).isEqualTo(200);
        completeReview(next, "bob", FRANK);
    }

    @Test
    void anAgentTokenAndPeopleOutsideTheGroupAreRefusedAndNothingChanges() {
        String id = pendingCriticalPlan();

        Response agent = asAgent("kiro-7", "alice").post(breakGlassPath(id), body());
        Response outsider = breakGlass("bob", id);
        Response noIncident = as("dave").post(breakGlassPath(id), Map.of("reason", "outage"));

        assertThat(agent.status()).isEqualTo(403);
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.text("detail")).contains("sre");
        assertThat(noIncident.status()).isEqualTo(422);
        assertThat(noIncident.json().path("errors").get(0).path("field").asText()).isEqualTo("incidentRef");
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("status")).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void aDeniedPlanStaysDenied() {
        JsonNode submitted = submit("alice", plan("alice", "prod-eu", action("RESTART", "RESOURCE", true)));
        String id = submitted.path("id").asText();
        assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("DENIED");

        Response refused = breakGlass("dave", id);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("DENIED");
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("status")).isEqualTo("DENIED");
    }

    @Test
    void anEmergencyTokenIsNotHeldByAChangeFreezeThatBeganAfterItsApproval() {
        // A region of its own, so the freeze holds nobody else's plans (the service stays the demo's, for reviewers).
        Map<String, Object> plan = recreateProductionEnvironment("alice");
        String region = "bg-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        @SuppressWarnings("unchecked")
        Map<String, Object> recreate = ((List<Map<String, Object>>) plan.get("actions")).getFirst();
        recreate.put("regions", List.of(region));
        String id = submit("alice", plan).path("id").asText();
        taskOf("dave", id);
        breakGlass("dave", id);
        JsonNode approved = awaitDecision("alice", id);
        Map<String, Object> window = new HashMap<>();
        window.put("name", "freeze-" + region);
        window.put("reason", "Launch");
        window.put("startsAt", Instant.now().minus(1, ChronoUnit.HOURS).toString());
        window.put("endsAt", Instant.now().plus(1, ChronoUnit.HOURS).toString());
        window.put("environments", List.of("production"));
        window.put("regions", List.of(region));
        assertThat(as("admin").post("/api/v1/freeze-windows", window).status()).isEqualTo(201);

        Response redeemed = as("alice").post("/api/v1/approval-tokens/redeem", Map.of("token",
                approved.path("approvalToken").asText(), "planHash", approved.path("planHash").asText()));

        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        completeReview(id, "bob", FRANK);
    }

    private String pendingCriticalPlan() {
        String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        taskOf("bob", id);
        return id;
    }

    private Response breakGlass(String user, String id) {
        return as(user).post(breakGlassPath(id), body());
    }

    private static Map<String, Object> body() {
        return Map.of("reason", "Checkout is down; the fix cannot wait for two approvers", "incidentRef", "INC-4711");
    }

    private static String breakGlassPath(String id) {
        return "/api/v1/change-requests/" + id + "/break-glass";
    }

    private static String reviews(String id) {
        return breakGlassPath(id) + "/reviews";
    }

    private Response review(String user, String id, String outcome) {
        return as(user).post(reviews(id), Map.of("outcome", outcome, "comment", "Checked the incident timeline"));
    }

    private void completeReview(String id, String owningTeamReviewer, String sreReviewer) {
        assertThat(review(owningTeamReviewer, id, "ACCEPTED").status()).isEqualTo(200);
        assertThat(review(sreReviewer, id, "ACCEPTED").text("reviewOutcome")).isEqualTo("ACCEPTED");
    }

    private JsonNode reportEntry(String id) {
        for (JsonNode use : as("erin").get("/api/v1/audit/break-glass?limit=1000").json()) {
            if (use.path("requestId").asText().equals(id)) {
                return use;
            }
        }
        throw new AssertionError("break-glass of " + id + " not in the auditors' report");
    }

    private JsonNode populationRow(String id, Instant around) {
        String from = around.minus(Duration.ofMinutes(5)).toString();
        String to = Instant.now().plus(Duration.ofMinutes(5)).toString();
        for (JsonNode row : as("erin").get("/api/v1/audit/changes?from=" + from + "&to=" + to + "&format=json")
                .json()) {
            if (row.path("requestId").asText().equals(id)) {
                return row;
            }
        }
        throw new AssertionError(id + " not in the audit population");
    }

    private List<String> auditTypes(String id) {
        return as("erin").get("/api/v1/audit/events?requestId=" + id + "&limit=500").json().path("items")
                .findValuesAsText("type");
    }

    /** The workflow accepted the break-glass: nothing stopped at an incident. */
    private void assertNoStall(String id) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                as("alice").get("/api/v1/change-requests/" + id).json().path("stalled").isMissingNode()
                        || as("alice").get("/api/v1/change-requests/" + id).json().path("stalled").isNull());
    }
}
