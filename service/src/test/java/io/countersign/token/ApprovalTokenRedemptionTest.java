package io.countersign.token;

import static io.countersign.support.Plans.stagingUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Spending the token before the run: redeem starts exactly one execution, the report closes it, and a withdraw
 * revokes a token nobody spent (and is refused once somebody did).
 */
class ApprovalTokenRedemptionTest extends AppTest {

    private static final int ROUNDS = 20;
    private static final int PARALLEL = 8;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theFirstRedeemStartsTheExecutionAndEveryLaterOneIsAConflictSayingWhenAndByWhom() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);

        Response first = redeem(kiro, approved);
        Response second = redeem(kiro, approved);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.text("executionId")).isNotBlank();
        assertThat(first.text("requestId")).isEqualTo(approved.path("id").asText());
        assertThat(first.text("planHash")).isEqualTo(approved.path("planHash").asText());
        assertThat(first.text("tier")).isEqualTo("LOW");
        assertThat(first.json().path("approvers").isArray()).isTrue();
        assertThat(first.text("expiresAt")).isNotBlank();
        assertThat(first.text("redeemedBy")).isEqualTo("kiro-7");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).contains("application/problem+json");
        assertThat(second.text("reason")).isEqualTo("ALREADY_USED");
        assertThat(second.text("redeemedBy")).isEqualTo("kiro-7");
        assertThat(second.text("redeemedAt")).isEqualTo(first.text("redeemedAt"));
        assertThat(second.text("detail")).contains("kiro-7", first.text("redeemedAt"));
        assertThat(events(approved)).containsOnlyOnce("EXECUTION_STARTED");
    }

    @Test
    void verifyChangesNothingAndSaysARedeemedTokenIsSpent() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);

        assertThat(verify(approved).path("valid").asBoolean()).isTrue();
        assertThat(verify(approved).path("valid").asBoolean()).isTrue();
        assertThat(redeem(kiro, approved).status()).isEqualTo(200);
        JsonNode spent = verify(approved);

        assertThat(spent.path("valid").asBoolean()).isFalse();
        assertThat(spent.path("reason").asText()).isEqualTo("ALREADY_USED");
        assertThat(spent.path("detail").asText()).contains("kiro-7");
    }

    @Test
    void redeemVsRedeemFiredInParallelGivesExactlyOneExecutionPerToken() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        for (int round = 0; round < ROUNDS; round++) {
            JsonNode approved = approvedLowPlan(kiro);
            List<Integer> statuses = inParallel(PARALLEL, () -> redeem(kiro, approved).status());

            assertThat(statuses).as("round %d", round).containsOnlyOnce(200).containsOnly(200, 409);
            assertThat(events(approved)).as("round %d", round).containsOnlyOnce("EXECUTION_STARTED");
        }
    }

    @Test
    void aWrongPlanHashIsRefusedNamingTheFieldAndSpendsNothing() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);

        Response wrong = kiro.post("/api/v1/approval-tokens/redeem",
                Map.of("token", approved.path("approvalToken").asText(), "planHash", "a".repeat(64)));
        Response forged = kiro.post("/api/v1/approval-tokens/redeem",
                Map.of("token", "not.a.token", "planHash", approved.path("planHash").asText()));

        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.text("reason")).isEqualTo("OTHER_PLAN");
        assertThat(wrong.json().path("errors").get(0).path("field").asText()).isEqualTo("planHash");
        assertThat(forged.status()).isEqualTo(422);
        assertThat(forged.text("reason")).isEqualTo("MALFORMED");
        assertThat(forged.json().path("errors").get(0).path("field").asText()).isEqualTo("token");
        assertThat(redeem(kiro, approved).status()).isEqualTo(200);
    }

    @Test
    void onlyTheRequestingSideMayRedeem() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);

        Response bob = redeem(as("bob"), approved);
        Response otherAgent = redeem(asAgent("other-agent", "carol"), approved);

        assertThat(bob.status()).isEqualTo(403);
        assertThat(otherAgent.status()).isEqualTo(403);
        assertThat(redeem(as("alice"), approved).status()).isEqualTo(200);
    }

    @Test
    void anExecutionReportNeedsARedeemedTokenAndClosesThatExecutionOnce() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);

        Response early = report(kiro, approved);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.text("reason")).isEqualTo("NOT_REDEEMED");

        String executionId = redeem(kiro, approved).text("executionId");
        Response closed = report(kiro, approved);
        Response again = report(kiro, approved);

        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("EXECUTED");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("reason")).isEqualTo("ALREADY_REPORTED");
        assertThat(jdbc.sql("select details from audit_entry where request_id = ? and event_type = 'EXECUTED'")
                .param(approved.path("id").asText()).query(String.class).single()).contains(executionId);
    }

    @Test
    void withdrawingAnApprovedPlanRevokesItsTokenWithTheReason() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);
        String id = approved.path("id").asText();

        Response withdrawn = kiro.post("/api/v1/change-requests/" + id + "/withdraw",
                Map.of("reason", "the incident resolved itself"));

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.text("status")).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.text("outcomeReason")).contains("kiro-7", "the incident resolved itself");
        JsonNode check = verify(approved);
        assertThat(check.path("valid").asBoolean()).isFalse();
        assertThat(check.path("reason").asText()).isEqualTo("REVOKED");
        assertThat(check.path("detail").asText()).contains("the incident resolved itself");
        Response redeem = redeem(kiro, approved);
        assertThat(redeem.status()).isEqualTo(409);
        assertThat(redeem.text("reason")).isEqualTo("REVOKED");
        assertThat(redeem.text("revocationReason")).contains("the incident resolved itself");
        assertThat(events(approved)).contains("TOKEN_REVOKED", "WITHDRAWN").doesNotContain("EXECUTION_STARTED");
        assertThat(jdbc.sql("select comment from audit_entry where request_id = ? and event_type = 'WITHDRAWN'")
                .param(id).query(String.class).single()).isEqualTo("the incident resolved itself");
    }

    @Test
    void afterRedemptionAWithdrawIsRefusedSayingWhenAndByWhom() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);
        String id = approved.path("id").asText();
        String redeemedAt = redeem(kiro, approved).text("redeemedAt");

        Response withdraw = as("alice").post("/api/v1/change-requests/" + id + "/withdraw", "");

        assertThat(withdraw.status()).isEqualTo(409);
        assertThat(withdraw.text("redeemedBy")).isEqualTo("kiro-7");
        assertThat(withdraw.text("redeemedAt")).isEqualTo(redeemedAt);
        assertThat(withdraw.text("detail")).contains("no longer be withdrawn");
        assertThat(as("alice").get("/api/v1/change-requests/" + id).text("status")).isEqualTo("APPROVED");
        assertThat(report(kiro, approved).status()).isEqualTo(200);
    }

    @Test
    void withdrawVsRedeemFiredTogetherKeepsExactlyOne() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        for (int round = 0; round < ROUNDS / 2; round++) {
            JsonNode approved = approvedLowPlan(kiro);
            String id = approved.path("id").asText();
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Response> redeem = pool.submit(() -> {
                    start.await();
                    return redeem(kiro, approved);
                });
                Future<Response> withdraw = pool.submit(() -> {
                    start.await();
                    return as("alice").post("/api/v1/change-requests/" + id + "/withdraw", "");
                });
                start.countDown();
                int redeemed = redeem.get().status();
                int withdrawn = withdraw.get().status();
                String status = as("alice").get("/api/v1/change-requests/" + id).text("status");

                if (redeemed == 200) {
                    assertThat(withdrawn).as("round %d", round).isEqualTo(409);
                    assertThat(status).isEqualTo("APPROVED");
                } else {
                    assertThat(redeemed).as("round %d", round).isEqualTo(409);
                    assertThat(withdrawn).as("round %d", round).isEqualTo(200);
                    assertThat(status).isEqualTo("WITHDRAWN");
                }
            }
        }
    }

    @Test
    void aRedeemedApprovalDoesNotLapseAtTheEndOfItsWindowAndItsReportIsStillTaken() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode running = approvedLowPlan(kiro);
        assertThat(redeem(kiro, running).status()).isEqualTo(200);
        // Approved after the running one, so its window ends later: once it lapsed, the running one's ended too.
        JsonNode idle = approvedLowPlan(kiro);

        advanceUntil(java.time.Duration.ofHours(1), () -> "APPROVAL_LAPSED".equals(
                kiro.get("/api/v1/change-requests/" + idle.path("id").asText()).text("status")));

        assertThat(kiro.get("/api/v1/change-requests/" + running.path("id").asText()).text("status"))
                .isEqualTo("APPROVED");
        assertThat(report(kiro, running).status()).isEqualTo(200);
    }

    @Test
    void aWithdrawReasonIsAtMostAThousandCharacters() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);

        Response tooLong = kiro.post("/api/v1/change-requests/" + approved.path("id").asText() + "/withdraw",
                Map.of("reason", "x".repeat(1001)));

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("field").asText()).isEqualTo("reason");
        assertThat(verify(approved).path("valid").asBoolean()).isTrue();
    }

    private List<String> events(JsonNode request) {
        return jdbc.sql("select event_type from audit_entry where request_id = ? order by id")
                .param(request.path("id").asText()).query(String.class).list();
    }

    private JsonNode approvedLowPlan(Api agent) {
        Response submitted = agent.post("/api/v1/change-requests", stagingUpdate("alice"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode decided = agent.get("/api/v1/change-requests/" + submitted.text("id") + "/decision?waitSeconds=20").json();
        assertThat(decided.path("status").asText()).isEqualTo("APPROVED");
        return decided;
    }

    private JsonNode verify(JsonNode approved) {
        Response response = as("alice").post("/api/v1/approval-tokens/verify",
                Map.of("token", approved.path("approvalToken").asText(), "planHash", approved.path("planHash").asText()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Response redeem(Api caller, JsonNode approved) {
        return caller.post("/api/v1/approval-tokens/redeem",
                Map.of("token", approved.path("approvalToken").asText(), "planHash", approved.path("planHash").asText()));
    }

    private static Response report(Api agent, JsonNode approved) {
        return agent.post("/api/v1/change-requests/" + approved.path("id").asText() + "/execution-report",
                Map.of("outcome", "SUCCEEDED", "planHash", approved.path("planHash").asText(),
                        "approvalToken", approved.path("approvalToken").asText()));
    }

    static <T> List<T> inParallel(int n, Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(() -> {
                start.await();
                return call.call();
            });
        }
        List<T> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : calls) {
                futures.add(pool.submit(c));
            }
            start.countDown();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        }
        return results;
    }
}
