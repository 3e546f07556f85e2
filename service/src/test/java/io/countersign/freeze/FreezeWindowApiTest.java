package io.countersign.freeze;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Freeze windows through the API on the running application: a non-LOW plan inside one is denied naming it, a LOW
 * plan passes, a token approved before a freeze is held while it lasts, and every change is in the audit log. Each
 * test freezes a service of its own, so the other tests sharing the application are never frozen.
 */
class FreezeWindowApiTest extends AppTest {

    @Test
    void aMediumPlanInsideAnActiveWindowIsDeniedWithTheWindowsNameAndEnd() {
        String service = uniqueService();
        JsonNode window = createWindow(service, "production", "launch-" + service);

        JsonNode decided = submitAndAwait(withService(io.countersign.support.Plans.productionRestart("alice"), service));

        assertThat(decided.path("status").asText()).isEqualTo("DENIED");
        assertThat(decided.path("ruleId").asText()).isEqualTo("denied-change-freeze-production-change");
        assertThat(decided.path("tierReason").asText())
                .startsWith("change freeze launch-" + service + " until " + window.path("endsAt").asText());
    }

    @Test
    void aLowPlanPassesThroughAnActiveWindow() {
        String service = uniqueService();
        createWindow(service, "production", "launch-" + service);

        JsonNode decided = submitAndAwait(withService(plan("alice", "production",
                action("READ", "RESOURCE", true)), service));

        assertThat(decided.path("status").asText()).isEqualTo("APPROVED");
        assertThat(decided.path("tier").asText()).isEqualTo("LOW");
    }

    @Test
    void aTokenApprovedBeforeAFreezeCannotBeRedeemedInsideItAndCanAfter() {
        String service = uniqueService();
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = submitAndAwait(kiro, withService(io.countersign.support.Plans.stagingUpdate("alice"),
                service));
        assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
        JsonNode window = createWindow(service, "staging", "stage-" + service);

        Response held = redeem(kiro, approved);
        as("admin").send("DELETE", "/api/v1/freeze-windows/" + window.path("id").asText(), null);
        Response after = redeem(kiro, approved);

        assertThat(held.status()).as(held.body()).isEqualTo(409);
        assertThat(held.text("reason")).isEqualTo("FROZEN");
        assertThat(held.text("freeze")).isEqualTo("stage-" + service);
        assertThat(held.text("frozenUntil")).isEqualTo(window.path("endsAt").asText());
        assertThat(held.text("detail")).contains("until " + window.path("endsAt").asText());
        assertThat(after.status()).as(after.body()).isEqualTo(200);
    }

    @Test
    void everyoneSignedInReadsTheCalendarAtAMomentAndOnlyAdminsChangeIt() {
        String service = uniqueService();
        JsonNode window = createWindow(service, "production", "read-" + service);
        String id = window.path("id").asText();
        String during = Instant.now().toString();
        String before = Instant.now().minus(2, ChronoUnit.HOURS).toString();

        JsonNode now = asAgent("kiro-7", "alice").get("/api/v1/freeze-windows?at=" + during).json();
        JsonNode earlier = as("alice").get("/api/v1/freeze-windows?at=" + before).json();
        Response engineerCreates = as("alice").post("/api/v1/freeze-windows", oneOff(service, "production", "x"));
        Response agentDeletes = asAgent("kiro-7", "alice").send("DELETE", "/api/v1/freeze-windows/" + id, null);
        Response badAt = as("alice").get("/api/v1/freeze-windows?at=yesterday");

        assertThat(now.path("active").findValuesAsText("windowId")).contains(id);
        assertThat(earlier.path("active").findValuesAsText("windowId")).doesNotContain(id);
        assertThat(earlier.path("upcoming").findValuesAsText("windowId")).contains(id);
        assertThat(engineerCreates.status()).isEqualTo(403);
        assertThat(agentDeletes.status()).isEqualTo(403);
        assertThat(badAt.status()).isEqualTo(400);
        assertThat(badAt.json().path("errors").get(0).path("field").asText()).isEqualTo("at");
    }

    @Test
    void aMalformedWindowIsRefusedNamingTheFieldAndStoresNothing() {
        String service = uniqueService();
        Map<String, Object> body = oneOff(service, "production", "bad-" + service);
        body.put("rrule", "FREQ=SOMETIMES");

        Response refused = as("admin").post("/api/v1/freeze-windows", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("rrule");
        assertThat(as("admin").get("/api/v1/freeze-windows").body()).doesNotContain("bad-" + service);
    }

    @Test
    void eachWindowChangeIsInTheAuditLogWithWhoBeforeAndAfter() {
        String service = uniqueService();
        JsonNode window = createWindow(service, "production", "audited-" + service);
        Response deleted = as("admin").send("DELETE", "/api/v1/freeze-windows/" + window.path("id").asText(), null);

        JsonNode created = auditEntry("FREEZE_WINDOW_CREATED", window.path("id").asText());
        JsonNode removed = auditEntry("FREEZE_WINDOW_DELETED", window.path("id").asText());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(created.path("actor").asText()).isEqualTo("admin");
        assertThat(created.path("details").path("before").isEmpty()).isTrue();
        assertThat(created.path("details").path("after").path("name").asText()).isEqualTo("audited-" + service);
        assertThat(removed.path("actor").asText()).isEqualTo("admin");
        assertThat(removed.path("details").path("before").path("services").toString()).contains(service);
        assertThat(removed.path("details").path("after").isEmpty()).isTrue();
        assertThat(as("admin").send("DELETE", "/api/v1/freeze-windows/" + window.path("id").asText(), null)
                .status()).isEqualTo(404);
    }

    private JsonNode auditEntry(String type, String windowId) {
        for (JsonNode entry : as("erin").get("/api/v1/audit/events?type=" + type + "&limit=500").json()
                .path("items")) {
            if (entry.path("details").path("windowId").asText().equals(windowId)) {
                return entry;
            }
        }
        throw new AssertionError("no " + type + " entry for window " + windowId);
    }

    private JsonNode createWindow(String service, String environment, String name) {
        Response created = as("admin").post("/api/v1/freeze-windows", oneOff(service, environment, name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static Map<String, Object> oneOff(String service, String environment, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("reason", "Launch week");
        body.put("startsAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("endsAt", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("timeZone", "Europe/Berlin");
        body.put("environments", List.of(environment));
        body.put("services", List.of(service));
        return body;
    }

    private JsonNode submitAndAwait(Map<String, Object> plan) {
        return submitAndAwait(as("alice"), plan);
    }

    private static JsonNode submitAndAwait(Api caller, Map<String, Object> plan) {
        Response submitted = caller.post("/api/v1/change-requests", plan);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        return caller.get("/api/v1/change-requests/" + submitted.text("id") + "/decision?waitSeconds=20").json();
    }

    private static Response redeem(Api caller, JsonNode approved) {
        return caller.post("/api/v1/approval-tokens/redeem", Map.of("token", approved.path("approvalToken").asText(),
                "planHash", approved.path("planHash").asText()));
    }

    static Map<String, Object> withService(Map<String, Object> plan, String service) {
        plan.put("service", service);
        return plan;
    }

    static String uniqueService() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
