package io.countersign.api;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.recreateProductionEnvironment;
import static io.countersign.support.Plans.stagingUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The whole gate over HTTP, on the embedded engine: submit, route, decide, follow to the end. */
class ChangeRequestLifecycleTest extends AppTest {

    @Test
    void productionRestartIsMediumAndWaitsForTheOwningTeamUntilBobApproves() {
        JsonNode submitted = submit("alice", productionRestart("alice"));
        assertThat(submitted.path("tier").asText()).isEqualTo("MEDIUM");
        assertThat(submitted.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(submitted.path("tierReason").asText()).isNotBlank();
        assertThat(submitted.path("planHash").asText()).hasSize(64);

        String task = taskOf("bob", submitted.path("id").asText());
        assertThat(taskIds("dave")).doesNotContain(task);

        Response decided = as("bob").post("/api/v1/tasks/" + task + "/decision", Map.of("decision", "APPROVE"));
        assertThat(decided.status()).isEqualTo(200);
        assertThat(awaitDecision("alice", submitted.path("id").asText()).path("status").asText()).isEqualTo("APPROVED");
    }

    @Test
    void reversibleStagingUpdateIsApprovedWithNoHuman() {
        JsonNode submitted = submit("alice", stagingUpdate("alice"));

        assertThat(submitted.path("tier").asText()).isEqualTo("LOW");
        assertThat(submitted.path("status").asText()).isEqualTo("APPROVED");
        assertThat(submitted.path("approvalExpiresAt").asText()).isNotBlank();
    }

    @Test
    void unknownEnvironmentIsDeniedWithTheReason() {
        JsonNode submitted = submit("alice", plan("alice", "moon-base", action("RESTART", "RESOURCE", true)));

        assertThat(submitted.path("status").asText()).isEqualTo("DENIED");
        assertThat(submitted.path("outcomeReason").asText()).containsIgnoringCase("environment");
    }

    @Test
    void criticalPlanStaysPendingWhenBobApprovesTwiceUntilDaveFromSreApproves() {
        String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("tier")).isEqualTo("CRITICAL");
        String task = taskOf("bob", id);

        assertThat(decide("bob", task, "APPROVE", "snapshot verified").status()).isEqualTo(200);
        Response again = decide("bob", task, "APPROVE", "really sure");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("detail")).contains("already decided");
        Response uncounted = decide("carol", task, "APPROVE", "owning team agrees");
        assertThat(uncounted.status()).as("the owning team is represented; only SRE can complete it").isEqualTo(409);
        assertThat(uncounted.text("detail")).contains("waits for an approval from sre");
        assertThat(as("alice").get("/api/v1/change-requests/" + id + "/decision?waitSeconds=1").text("status"))
                .isEqualTo("PENDING_APPROVAL");

        Response concluding = decide("dave", task, "APPROVE", "SRE: blast radius acceptable");
        assertThat(concluding.status()).isEqualTo(200);
        assertThat(concluding.json().path("verdict").path("outcome").asText()).isEqualTo("APPROVED");
        JsonNode done = awaitDecision("alice", id);
        assertThat(done.path("status").asText()).isEqualTo("APPROVED");
        assertThat(done.path("approvals").findValuesAsText("approver")).containsExactly("bob", "dave");
    }

    @Test
    void theRequesterCannotDecideOnTheirOwnPlan() {
        String id = submit("bob", productionRestart("bob")).path("id").asText();
        String task = taskOf("carol", id);

        Response refused = decide("bob", task, "APPROVE", null);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("detail")).contains("requested this plan");
        assertThat(as("bob").get("/api/v1/change-requests/" + id).json().path("approvals")).isEmpty();
    }

    @Test
    void aCriticalApprovalWithoutACommentIsRefused() {
        String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        String task = taskOf("bob", id);

        Response refused = decide("bob", task, "APPROVE", " ");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("comment");
    }

    @Test
    void oneRejectionEndsACriticalPlan() {
        String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        String task = taskOf("dave", id);

        decide("bob", task, "APPROVE", "fine by the owning team");
        decide("dave", task, "REJECT", "no staged rollout");

        JsonNode done = awaitDecision("alice", id);
        assertThat(done.path("status").asText()).isEqualTo("REJECTED");
        assertThat(done.path("outcomeReason").asText()).contains("no staged rollout");
    }

    @Test
    void requestChangesEndsThePlanAndARevisionLinksToIt() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        decide("bob", taskOf("bob", id), "REQUEST_CHANGES", "restart one pod at a time");
        assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("CHANGES_REQUESTED");

        Map<String, Object> revision = productionRestart("alice");
        revision.put("revisionOf", id);
        JsonNode revised = submit("alice", revision);

        assertThat(revised.path("revisionOf").asText()).isEqualTo(id);
        assertThat(revised.path("status").asText()).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void theRequesterCanWithdrawWhilePending() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();

        Response withdrawn = as("alice").post("/api/v1/change-requests/" + id + "/withdraw", "");

        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.text("status")).isEqualTo("WITHDRAWN");
        assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(taskIds("bob")).doesNotContain(withdrawn.json().path("id").asText());
    }

    @Test
    void anExecutionReportPresentingTheRedeemedApprovalTokenClosesAnApprovedPlanOnce() {
        JsonNode submitted = submit("alice", stagingUpdate("alice"));
        String id = submitted.path("id").asText();
        String token = submitted.path("approvalToken").asText();
        assertThat(token).isNotBlank();
        Response redeemed = as("alice").post("/api/v1/approval-tokens/redeem",
                Map.of("token", token, "planHash", submitted.path("planHash").asText()));
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);

        Response wrongPlan = as("alice").post("/api/v1/change-requests/" + id + "/execution-report",
                Map.of("outcome", "SUCCEEDED", "planHash", "0".repeat(64), "approvalToken", token));
        assertThat(wrongPlan.status()).isEqualTo(422);
        Response noToken = as("alice").post("/api/v1/change-requests/" + id + "/execution-report",
                Map.of("outcome", "SUCCEEDED", "planHash", submitted.path("planHash").asText()));
        assertThat(noToken.status()).isEqualTo(400);
        assertThat(noToken.json().path("errors").get(0).path("field").asText()).isEqualTo("approvalToken");

        Map<String, Object> report = Map.of("outcome", "SUCCEEDED", "planHash", submitted.path("planHash").asText(),
                "approvalToken", token);
        Response closed = as("alice").post("/api/v1/change-requests/" + id + "/execution-report", report);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("EXECUTED");
        assertThat(closed.text("executionOutcome")).isEqualTo("SUCCEEDED");

        Response again = as("alice").post("/api/v1/change-requests/" + id + "/execution-report", report);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("reason")).isEqualTo("ALREADY_REPORTED");
    }

    @Test
    void theSamePersonDecidingTwiceAtOnceCountsOnce() throws Exception {
        String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        String task = taskOf("bob", id);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> decide("bob", task, "APPROVE", "parallel click"));
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Response> f : pool.invokeAll(calls)) {
                statuses.add(f.get().status());
            }
        }

        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().path("approvals")).hasSize(1);
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("status")).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void aPendingApprovalEscalatesAfterItsSlaAndExpiresAfterItsLimit() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        assertThat(taskIds("dave")).doesNotContain(task);

        advanceUntil(Duration.ofHours(1), () -> taskIds("dave").contains(task));
        assertThat(as("bob").get("/api/v1/tasks/" + task).json().path("escalated").asBoolean()).isTrue();
        assertThat(as("bob").get("/api/v1/change-requests/" + id).text("status")).isEqualTo("PENDING_APPROVAL");

        advanceUntil(Duration.ofHours(12), () -> "EXPIRED".equals(as("alice").get("/api/v1/change-requests/" + id).text("status")));
        assertThat(taskIds("bob")).doesNotContain(task);
    }

    @Test
    void anApprovalLapsesWhenNothingIsExecutedWithinItsWindow() {
        String id = submit("alice", stagingUpdate("alice")).path("id").asText();

        advanceUntil(Duration.ofHours(1),
                () -> "APPROVAL_LAPSED".equals(as("alice").get("/api/v1/change-requests/" + id).text("status")));
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("outcomeReason")).contains("approval window");
    }
}
