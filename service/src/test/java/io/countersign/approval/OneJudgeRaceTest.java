package io.countersign.approval;

import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.recreateProductionEnvironment;
import static io.countersign.support.Plans.stagingUpdate;
import static io.countersign.support.AtOnce.atOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequests;
import io.countersign.security.Actor;
import io.countersign.security.Roles;
import io.countersign.stall.StalledRequests;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Decisions and withdrawals fired at the same moment, many rounds, on the real application and engine: each is
 * either kept or refused with what was concluded, and the request ends the way the accepted one said.
 */
class OneJudgeRaceTest extends AppTest {

    private static final int ROUNDS = 20;

    @Autowired
    ChangeRequests changeRequests;
    @Autowired
    StalledRequests stalls;
    @Autowired
    ObjectMapper json;

    @Test
    void approveAndRejectAtOnceOnAMediumPlanAcceptExactlyOneAndTheRequestEndsTheWayItSaid() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", productionRestart("alice")).path("id").asText();
            String task = taskOf("bob", id);

            List<Response> answers = atOnce(
                    () -> decide("bob", task, "APPROVE", null),
                    () -> decide("carol", task, "REJECT", "the rollback is untested"));
            Response approve = answers.get(0);
            Response reject = answers.get(1);

            String context = "round " + round + ": approve " + approve.status() + " " + approve.body()
                    + ", reject " + reject.status() + " " + reject.body() + "; audit: "
                    + as("erin").get("/api/v1/audit/events?requestId=" + id + "&limit=50").body();
            assertThat(List.of(approve.status(), reject.status())).as(context).containsExactlyInAnyOrder(200, 409);
            Response refused = approve.status() == 409 ? approve : reject;
            String winner = approve.status() == 200 ? "bob" : "carol";
            assertThat(refused.text("concludedBy")).as(context).isEqualTo(winner);
            assertThat(refused.text("concludedOutcome")).as(context).isEqualTo(winner.equals("bob") ? "APPROVED" : "REJECTED");
            assertThat(awaitDecision("alice", id).path("status").asText()).as(context)
                    .isEqualTo(winner.equals("bob") ? "APPROVED" : "REJECTED");
            assertThat(stalls.current(id)).as(context).isEmpty();
        }
    }

    @Test
    void threeApprovalsAtOnceOnACriticalPlanNeverAcceptMoreThanTheTwoNeeded() throws Exception {
        for (int round = 0; round < ROUNDS / 2; round++) {
            String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
            String task = taskOf("dave", id);

            List<Response> answers = atOnce(
                    () -> decide("bob", task, "APPROVE", "owner ok"),
                    () -> decide("carol", task, "APPROVE", "owner ok too"),
                    () -> decide("dave", task, "APPROVE", "sre ok"));

            List<Integer> statuses = answers.stream().map(Response::status).toList();
            String context = "round " + round + ": bob, carol, dave answered " + statuses;
            assertThat(statuses).as(context).containsExactlyInAnyOrder(200, 200, 409);
            assertThat(answers.get(2).status()).as("the only SRE approver, " + context).isEqualTo(200);
            JsonNode decided = awaitDecision("alice", id);
            assertThat(decided.path("status").asText()).as(context).isEqualTo("APPROVED");
            assertThat(decided.path("approvals")).as(context).hasSize(2);
        }
    }

    @Test
    void withdrawAndApproveAtOnceEndTheWayTheAcceptedOneSaid() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", productionRestart("alice")).path("id").asText();
            String task = taskOf("bob", id);

            List<Response> answers = atOnce(
                    () -> as("alice").post("/api/v1/change-requests/" + id + "/withdraw", Map.of("reason", "race")),
                    () -> decide("bob", task, "APPROVE", null));
            Response withdraw = answers.get(0);
            Response approve = answers.get(1);

            String context = "round " + round + ": withdraw " + withdraw.status() + ", approve " + approve.status();
            assertThat(List.of(withdraw.status(), approve.status())).as(context).contains(200)
                    .allMatch(s -> s == 200 || s == 409);
            String status = awaitDecision("alice", id).path("status").asText();
            if (withdraw.status() == 200) {
                assertThat(status).as("a withdraw answered 200 never ends approved, " + context).isEqualTo("WITHDRAWN");
                if (approve.status() == 200) {
                    // The approval was granted first; the withdraw then revoked its unspent token.
                    assertThat(as("alice").get("/api/v1/change-requests/" + id).json().has("approvalToken"))
                            .as(context).isFalse();
                }
            } else {
                // Refused because bob's approval concluded first (the 409 says so), or was already granted.
                assertThat(approve.status()).as(context).isEqualTo(200);
                assertThat(withdraw.json().path("concludedBy").asText("bob")).as(context).isEqualTo("bob");
                assertThat(status).as(context).isEqualTo("APPROVED");
            }
            assertThat(stalls.current(id)).as(context).isEmpty();
        }
    }

    @Test
    void aDecisionAfterExpiryIsRefusedWithTheExpiry() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        advanceUntil(Duration.ofHours(12), () -> "EXPIRED".equals(as("alice").get("/api/v1/change-requests/" + id).text("status")));

        Response late = decide("bob", task, "APPROVE", null);

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text("concludedOutcome")).isEqualTo("EXPIRED");
        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().path("approvals")).isEmpty();
    }

    @Test
    void aPlanWithdrawnTheMomentItIsSubmittedIsNeverApprovedNorStuck() {
        for (Map<String, Object> plan : List.of(stagingUpdate("alice"), productionRestart("alice"))) {
            for (int round = 0; round < 5; round++) {
                // Straight after the submit commits, before the workflow has even started: the earliest stage.
                String id = changeRequests.submit(json.convertValue(plan, ChangePlan.class), alice(), null)
                        .request().id();
                var withdrawn = changeRequests.withdraw(id, alice(), "wrong region");

                assertThat(withdrawn.status().name()).isEqualTo("WITHDRAWN");
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                        "WITHDRAWN".equals(as("alice").get("/api/v1/change-requests/" + id).text("status"))
                                && stalls.current(id).isEmpty());
                assertThat(as("alice").get("/api/v1/change-requests/" + id).text("outcomeReason"))
                        .isEqualTo("withdrawn by alice: wrong region");
                assertThat(auditTypes(id)).contains("WITHDRAWN").doesNotContain("APPROVED", "TOKEN_ISSUED");
            }
        }
    }

    @Test
    void aRefusedDecisionIsAuditedWithItsReason() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        assertThat(decide("bob", task, "APPROVE", null).status()).isEqualTo(200);

        Response late = decide("carol", task, "REJECT", "too late?");

        assertThat(late.status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(10)).until(() -> auditTypes(id).contains("DECISION_REFUSED"));
        JsonNode refusal = audit(id, "DECISION_REFUSED").get(0);
        assertThat(refusal.path("actor").asText()).isEqualTo("carol");
        assertThat(refusal.toString()).contains("ApprovalConcluded").contains("approved by bob");
    }

    @Test
    void aDecisionAfterAWithdrawalIsRefusedWithWhoWithdrewIt() {
        String id = submit("alice", productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        assertThat(as("alice").post("/api/v1/change-requests/" + id + "/withdraw", "").status()).isEqualTo(200);

        Response late = decide("bob", task, "APPROVE", null);

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text("concludedOutcome")).isEqualTo("WITHDRAWN");
        assertThat(late.text("concludedBy")).isEqualTo("alice");
        assertThat(taskIds("bob")).doesNotContain(task);
    }

    private List<String> auditTypes(String requestId) {
        List<String> types = new ArrayList<>();
        audit(requestId, null).forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private JsonNode audit(String requestId, String type) {
        String query = "/api/v1/audit/events?requestId=" + requestId + (type == null ? "" : "&type=" + type);
        return as("erin").get(query).json().path("items");
    }

    private static Actor alice() {
        return new Actor("alice", Actor.HUMAN, Set.of(Roles.ENGINEER), Set.of(), "127.0.0.1");
    }
}
