package io.countersign.approval;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.stagingUpdate;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The {@code emergency} object on submit, through the real engine: the on-call person's own fix is hashed,
 * classified and audited as usual, then approved at once as a break-glass; a freeze does not hold it, a policy DENIED
 * does; agents and people with an overdue review are refused before anything is stored.
 */
class EmergencySubmitTest extends AppTest {

    private static final String FRANK = "frank";
    /** An SRE of this test alone, so the overdue review it leaves for a while blocks nobody else's test. */
    private static final String IVAN = "ivan";

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void moreSres() {
        for (String sre : List.of(FRANK, IVAN)) {
            users.addIfAbsent(sre, passwords.encode("demo"), sre + " (SRE)", List.of(Roles.ENGINEER, Roles.APPROVER),
                    List.of("sre"));
        }
    }

    @Test
    void aPlanSubmittedWithAnEmergencyIsApprovedAtOnceAsABreakGlassAndOpensTheReview() {
        Response submitted = as("dave").post("/api/v1/change-requests", withEmergency(productionRestart("dave")));
        String id = submitted.text("id");

        JsonNode decided = awaitDecision("dave", id);
        JsonNode claims = as("dave").post("/api/v1/approval-tokens/verify", Map.of("token",
                decided.path("approvalToken").asText(), "planHash", decided.path("planHash").asText()))
                .json().path("claims");
        JsonNode glass = as("dave").get("/api/v1/change-requests/" + id + "/break-glass").json();

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        assertThat(decided.path("status").asText()).isEqualTo("APPROVED");
        assertThat(decided.path("tier").asText()).isEqualTo("MEDIUM");
        assertThat(claims.path("emergency").asBoolean()).isTrue();
        assertThat(glass.path("invokedBy").asText()).isEqualTo("dave");
        assertThat(glass.path("reviewOutcome").asText()).isEqualTo("PENDING");
        assertThat(auditTypes(id)).contains("SUBMITTED", "CLASSIFIED", "BREAK_GLASS", "APPROVED", "TOKEN_ISSUED");
        assertThat(state(id)).isEqualTo("APPLIED");
        completeReview(id);
    }

    @Test
    void anEmergencyOverridesAChangeFreezeThatWouldOtherwiseDenyThePlan() {
        String region = "em-" + UUID.randomUUID().toString().substring(0, 8);
        freeze(region);
        String frozen = submit("dave", restartIn(region)).path("id").asText();
        String emergency = as("dave").post("/api/v1/change-requests", withEmergency(restartIn(region))).text("id");

        JsonNode denied = awaitDecision("dave", frozen);
        JsonNode approved = awaitDecision("dave", emergency);

        assertThat(denied.path("status").asText()).isEqualTo("DENIED");
        assertThat(denied.path("tierReason").asText() + denied.path("outcomeReason").asText())
                .contains("freeze-" + region);
        assertThat(approved.path("status").asText()).as(approved.toString()).isEqualTo("APPROVED");
        assertThat(breakGlassDetails(emergency).path("freezeOverridden").asText()).isEqualTo("freeze-" + region);
        completeReview(emergency);
    }

    @Test
    void aPlanThePolicyDeniesStaysDeniedAndTheEmergencyIsRecordedAsRefused() {
        String id = as("dave").post("/api/v1/change-requests",
                withEmergency(plan("dave", "prod-eu", action("RESTART", "RESOURCE", true)))).text("id");

        JsonNode decided = awaitDecision("dave", id);

        assertThat(decided.path("status").asText()).isEqualTo("DENIED");
        await().atMost(Duration.ofSeconds(20)).until(() -> auditTypes(id).contains("BREAK_GLASS_REFUSED"));
        assertThat(auditTypes(id)).doesNotContain("BREAK_GLASS");
        assertThat(state(id)).isEqualTo("REFUSED");
        assertThat(jdbc.sql("select count(*) from break_glass where request_id = ?").param(id).query(Integer.class)
                .single()).isZero();
    }

    @Test
    void aLowPlanIsApprovedByThePolicyAndNoGlassIsBroken() {
        String id = as("dave").post("/api/v1/change-requests", withEmergency(stagingUpdate("dave"))).text("id");

        JsonNode decided = awaitDecision("dave", id);

        assertThat(decided.path("status").asText()).isEqualTo("APPROVED");
        await().atMost(Duration.ofSeconds(20)).until(() -> auditTypes(id).contains("BREAK_GLASS_NOT_NEEDED"));
        assertThat(state(id)).isEqualTo("NOT_NEEDED");
        assertThat(auditTypes(id)).doesNotContain("BREAK_GLASS");
    }

    @Test
    void anAgentTokenWithAnEmergencyIsRefusedAndNothingIsStored() {
        Map<String, Object> plan = productionRestart("alice");
        String title = "agent emergency " + UUID.randomUUID();
        plan.put("title", title);

        Response refused = asAgent("kiro-7", "alice").post("/api/v1/change-requests", withEmergency(plan));

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.text("detail")).contains("an agent never breaks glass");
        assertThat(jdbc.sql("select count(*) from change_request where title = ?").param(title)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_entry where event_type = 'BREAK_GLASS_REFUSED' "
                + "and request_id is null and actor = 'kiro-7'").query(Integer.class).single()).isPositive();
    }

    @Test
    void aPersonOutsideTheGroupOrWithoutReasonOrIncidentIsRefusedWithTheFieldNamed() {
        Map<String, Object> noIncident = productionRestart("dave");
        noIncident.put("emergency", Map.of("reason", "Checkout is down"));

        Response outsider = as("alice").post("/api/v1/change-requests", withEmergency(productionRestart("alice")));
        Response missing = as("dave").post("/api/v1/change-requests", noIncident);
        Response unknownField = as("dave").post("/api/v1/change-requests", withEmergency(productionRestart("dave"),
                Map.of("reason", "r", "incidentRef", "INC-1", "severity", "SEV1")));

        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.text("detail")).contains("only members of sre may break glass");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").get(0).path("field").asText()).isEqualTo("emergency.incidentRef");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body()).contains("emergency.severity");
    }

    @Test
    void aPersonWithAnOverdueUnreviewedBreakGlassIsRefusedAtSubmit() {
        String overdue = as(IVAN).post("/api/v1/change-requests", withEmergency(productionRestart(IVAN))).text("id");
        assertThat(awaitDecision(IVAN, overdue).path("status").asText()).isEqualTo("APPROVED");
        advanceUntil(Duration.ofHours(6), () -> auditTypes(overdue).contains("BREAK_GLASS_REVIEW_OVERDUE"));
        Map<String, Object> next = productionRestart(IVAN);
        String title = "after overdue " + UUID.randomUUID();
        next.put("title", title);

        Response refused = as(IVAN).post("/api/v1/change-requests", withEmergency(next));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.text("detail")).contains(overdue, "reviewed");
        assertThat(jdbc.sql("select count(*) from change_request where title = ?").param(title)
                .query(Integer.class).single()).isZero();
        completeReview(overdue);
    }

    @Test
    void theOpenApiDescriptionOffersTheEmergencyBesideThePlanFields() {
        JsonNode docs = as("alice").get("/v3/api-docs").json();
        JsonNode body = docs.path("paths").path("/api/v1/change-requests").path("post").path("requestBody");
        JsonNode schemas = docs.path("components").path("schemas");

        assertThat(body.toString()).contains("ChangePlanSubmission");
        assertThat(schemas.path("ChangePlanSubmission").toString()).contains("ChangePlan", "EmergencyBody");
        assertThat(schemas.path("EmergencyBody").toString()).contains("break-glass-group", "emergency");
        assertThat(schemas.path("Emergency").path("properties").has("incidentRef")).isTrue();
    }

    private static Map<String, Object> withEmergency(Map<String, Object> plan) {
        return withEmergency(plan, Map.of("reason", "Checkout is down; the fix cannot wait", "incidentRef",
                "INC-4711"));
    }

    private static Map<String, Object> withEmergency(Map<String, Object> plan, Map<String, Object> emergency) {
        Map<String, Object> body = new LinkedHashMap<>(plan);
        body.put("emergency", emergency);
        return body;
    }

    private static Map<String, Object> restartIn(String region) {
        return plan("dave", "production", action("RESTART", "RESOURCE", true, region));
    }

    private void freeze(String region) {
        Map<String, Object> window = new HashMap<>();
        window.put("name", "freeze-" + region);
        window.put("reason", "Launch");
        window.put("startsAt", Instant.now().minus(1, ChronoUnit.HOURS).toString());
        window.put("endsAt", Instant.now().plus(2, ChronoUnit.HOURS).toString());
        window.put("environments", List.of("production"));
        window.put("regions", List.of(region));
        assertThat(as("admin").post("/api/v1/freeze-windows", window).status()).isEqualTo(201);
    }

    private void completeReview(String id) {
        String path = "/api/v1/change-requests/" + id + "/break-glass/reviews";
        Map<String, Object> body = Map.of("outcome", "ACCEPTED", "comment", "Checked the incident timeline");
        Response first = as("bob").post(path, body);
        Response second = as(FRANK).post(path, body);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.text("reviewOutcome")).isEqualTo("ACCEPTED");
    }

    private String state(String id) {
        return jdbc.sql("select state from emergency_submission where request_id = ?").param(id)
                .query(String.class).single();
    }

    private JsonNode breakGlassDetails(String id) {
        for (JsonNode entry : as("erin").get("/api/v1/audit/events?requestId=" + id + "&limit=500").json()
                .path("items")) {
            if (entry.path("type").asText().equals("BREAK_GLASS")) {
                return entry.path("details");
            }
        }
        throw new AssertionError("no BREAK_GLASS entry for " + id);
    }

    private List<String> auditTypes(String id) {
        return as("erin").get("/api/v1/audit/events?requestId=" + id + "&limit=500").json().path("items")
                .findValuesAsText("type");
    }
}
