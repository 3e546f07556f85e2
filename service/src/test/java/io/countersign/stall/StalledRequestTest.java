package io.countersign.stall;

import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import io.countersign.support.WebSession;
import io.countersign.workflows.ChangeRequestProcess.DecisionFields;
import io.countersign.workflows.ChangeRequestProcess.DecisionValues;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A request stalls the way it would under attack: an approval message nobody decided is published to the engine
 * directly (by a client holding the engine's credential). The workflow's own check counts it as an approval, but the
 * message carries no verdict of the service's, so the two judges disagree and the request stops visibly.
 */
class StalledRequestTest extends AppTest {

    private static final String ADMIN_API = "/api/v1/admin/stalled-requests/";

    @Autowired
    CamundaClient camunda;

    @Test
    void aRefusedStepShowsAsStalledIsAuditedListedForAdminsAndDegradesHealth() {
        String id = stalledRequest();

        JsonNode request = as("alice").get("/api/v1/change-requests/" + id).json();
        assertThat(request.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(request.path("stalled").path("step").asText()).isEqualTo(JobTypes.REPORT_DISAGREEMENT);
        assertThat(request.path("stalled").path("reason").asText())
                .contains("the workflow's review says APPROVED", "the service's verdict says none");
        assertThat(request.path("stalled").path("since").asText()).isNotBlank();
        assertThat(events(id, "STALLED")).hasSize(1);

        JsonNode listed = listed(id);
        assertThat(listed.path("step").asText()).isEqualTo(JobTypes.REPORT_DISAGREEMENT);
        assertThat(listed.path("retryable").asBoolean()).isTrue();

        Response health = WebSession.signedIn(port, "admin").get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.json().at("/components/stalledRequests/details/count").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode anonymous = api().get("/actuator/health").json();
        assertThat(anonymous.at("/components/stalledRequests/status").asText()).isEqualTo("DEGRADED");
        assertThat(anonymous.at("/components/stalledRequests/details").isMissingNode()).isTrue();

        close(id, "cleaning up");
    }

    @Test
    void aRequestThatIsNotStalledHasNoStalledFieldAndRetryOrCloseIsAConflict() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        taskOf("bob", id);

        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().has("stalled")).isFalse();
        Response retry = as("admin").post(ADMIN_API + id + "/retry", Map.of());
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.contentType()).startsWith("application/problem+json");
        assertThat(retry.json().path("detail").asText()).isEqualTo("request " + id + " is not stalled");
        assertThat(as("admin").post(ADMIN_API + id + "/close", Map.of("reason", "x")).status()).isEqualTo(409);
        assertThat(as("admin").post(ADMIN_API + "no-such-request/retry", Map.of()).status()).isEqualTo(404);
        assertThat(events(id, "STALL_RETRIED")).isEmpty();
    }

    @Test
    void onlyAdminsActOnStallsAndClosingNeedsAReason() {
        String id = stalledRequest();

        assertThat(as("bob").get("/api/v1/admin/stalled-requests").status()).isEqualTo(403);
        assertThat(as("alice").post(ADMIN_API + id + "/retry", Map.of()).status()).isEqualTo(403);
        Response blank = as("admin").post(ADMIN_API + id + "/close", Map.of("reason", " "));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().at("/errors/0/field").asText()).isEqualTo("reason");
        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().path("stalled").isObject()).isTrue();

        close(id, "cleaning up");
    }

    @Test
    void aRetryIsAuditedAndAStepRefusedAgainStallsTheRequestAgain() {
        String id = stalledRequest();

        Response retry = as("admin").post(ADMIN_API + id + "/retry", Map.of());
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().path("resolution").asText()).isEqualTo("RETRIED");
        JsonNode retried = events(id, "STALL_RETRIED").getFirst();
        assertThat(retried.path("actor").asText()).isEqualTo("admin");

        // The engine ran the step again; nothing changed, so the service refused it again.
        await().atMost(Duration.ofSeconds(20)).until(() -> events(id, "STALLED").size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                as("alice").get("/api/v1/change-requests/" + id).json().path("stalled").isObject());
        assertThat(events(id, "WORKFLOW_DISAGREEMENT")).hasSize(2);
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("status")).isEqualTo("PENDING_APPROVAL");

        close(id, "cleaning up");
    }

    @Test
    void closingEndsTheRequestForGoodWakesTheRequesterAndResolvesTheStall() throws Exception {
        String id = stalledRequest();
        String task = taskOf("bob", id);
        int stalledBefore = stalledCount();
        CompletableFuture<JsonNode> longPoll = CompletableFuture.supplyAsync(() -> awaitDecision("alice", id));

        Response closed = as("admin").post(ADMIN_API + id + "/close", Map.of("reason", "forged approval message"));

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().path("status").asText()).isEqualTo("REJECTED");
        JsonNode decided = longPoll.get();
        assertThat(decided.path("status").asText()).isEqualTo("REJECTED");
        assertThat(decided.path("outcomeReason").asText())
                .isEqualTo("closed by admin admin: forged approval message");
        assertThat(decided.has("stalled")).isFalse();
        assertThat(decided.has("approvalToken")).isFalse();
        JsonNode audited = events(id, "STALL_CLOSED").getFirst();
        assertThat(audited.path("actor").asText()).isEqualTo("admin");
        assertThat(audited.path("comment").asText()).isEqualTo("forged approval message");
        assertThat(events(id, "REJECTED").getFirst().path("details").path("closedBy").asText()).isEqualTo("admin");
        assertThat(taskIds("bob")).doesNotContain(task);
        assertThat(as("admin").post(ADMIN_API + id + "/retry", Map.of()).status()).isEqualTo(409);
        assertThat(ids(as("admin").get("/api/v1/admin/stalled-requests").json())).doesNotContain(id);
        // Other test classes share this application and may leave stalls of their own: health is UP only without them.
        await().atMost(Duration.ofSeconds(5)).until(() -> stalledCount() == stalledBefore - 1);
        if (stalledCount() == 0) {
            assertThat(api().get("/actuator/health").json().at("/components/stalledRequests/status").asText())
                    .isEqualTo("UP");
        }
    }

    private int stalledCount() {
        JsonNode health = WebSession.signedIn(port, "admin").get("/actuator/health").json();
        return health.at("/components/stalledRequests/details/count").asInt(0);
    }

    @Test
    void aStalledPendingRequestStillExpiresAtItsDeadline() {
        String id = stalledRequest();

        advanceUntil(Duration.ofHours(6),
                () -> "EXPIRED".equals(as("alice").get("/api/v1/change-requests/" + id).text("status")));

        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().has("stalled")).isFalse();
        assertThat(events(id, "EXPIRED")).hasSize(1);
        assertThat(ids(as("admin").get("/api/v1/admin/stalled-requests").json())).doesNotContain(id);
        assertThat(as("admin").post(ADMIN_API + id + "/close", Map.of("reason", "too late")).status())
                .isEqualTo(409);
    }

    /** A MEDIUM plan whose approval message nobody sent through the service: the workflow and the service disagree. */
    private String stalledRequest() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        camunda.newPublishMessageCommand()
                .messageName(Messages.APPROVAL_DECISION)
                .correlationKey(task)
                .messageId(UUID.randomUUID().toString())
                .variables(Map.of(Variables.DECISION, Map.of(
                        DecisionFields.DECISION_ID, UUID.randomUUID().toString(),
                        DecisionFields.APPROVER, "bob",
                        DecisionFields.APPROVER_KIND, DecisionValues.HUMAN,
                        DecisionFields.GROUPS, List.of("cost-explorer-approvers"),
                        DecisionFields.OUTCOME, DecisionValues.APPROVE,
                        DecisionFields.COMMENT, "")))
                .send()
                .join();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                as("alice").get("/api/v1/change-requests/" + id).json().path("stalled").isObject());
        return id;
    }

    private void close(String id, String reason) {
        assertThat(as("admin").post(ADMIN_API + id + "/close", Map.of("reason", reason)).status()).isEqualTo(200);
    }

    private JsonNode listed(String id) {
        return StreamSupport.stream(as("admin").get("/api/v1/admin/stalled-requests").json().spliterator(), false)
                .filter(s -> s.path("requestId").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not in the admin's list of stalled requests"));
    }

    private List<JsonNode> events(String id, String type) {
        JsonNode page = as("erin").get("/api/v1/audit/events?requestId=" + id + "&type=" + type).json();
        return StreamSupport.stream(page.path("items").spliterator(), false).toList();
    }

    private static List<String> ids(JsonNode stalled) {
        return stalled.findValuesAsText("requestId");
    }
}
