package io.countersign.notify;

import static io.countersign.support.AtOnce.atOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.approval.Approvals;
import io.countersign.approval.Decision;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import io.countersign.support.NotifyPeers;
import io.countersign.support.Plans;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slack's Approve button raced against itself and against the web: fired together (a latch), many rounds, on the
 * real application, engine and database. Whatever arrives at once, the judge records what one person may decide,
 * once, and the request ends with exactly the approvals its tier needs and one approval token.
 */
class SlackRaceTest extends AppTest {

    private static final String SECRET = "test-slack-signing-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ROUNDS = 20;

    @Autowired
    Approvals approvals;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void slackUsers() {
        NotifyPeers.start();
        NotifyPeers.slackUser("U_RACE_BOB", "bob@countersign.test", false);
        NotifyPeers.slackUser("U_RACE_CAROL", "carol@countersign.test", false);
        NotifyPeers.slackUser("U_RACE_DAVE", "dave@countersign.test", false);
    }

    @Test
    void theSameSignedApprovalDeliveredTwiceAtOnceIsOneDecision() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
            String body = approve("U_RACE_BOB", taskOf("bob", id));
            long at = now();
            String signature = SlackSignature.sign(SECRET, Long.toString(at), body.getBytes(StandardCharsets.UTF_8));

            List<HttpResponse<String>> answers = atOnce(() -> post(body, at, signature), () -> post(body, at, signature));

            List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
            String context = "round " + round + ": " + statuses + " " + answers.stream().map(HttpResponse::body).toList();
            assertThat(statuses).as(context).containsExactlyInAnyOrder(200, 409);
            assertThat(approvals.decisions(id)).as(context).extracting(Decision::approver).containsExactly("bob");
            assertThat(decided(id).path("status").asText()).as(context).isEqualTo("APPROVED");
            assertThat(auditCount(id, "DECIDED")).as(context).isEqualTo(1);
            assertThat(auditCount(id, "TOKEN_ISSUED")).as(context).isEqualTo(1);
        }
    }

    @Test
    void oneSlackUserClickingApproveTwiceAtOnceIsOneDecision() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
            String task = taskOf("bob", id);
            // Two clicks are two deliveries Slack signs apart: a second later, another signature.
            long at = now();

            List<HttpResponse<String>> answers = atOnce(() -> post(approve("U_RACE_BOB", task), at, null),
                    () -> post(approve("U_RACE_BOB", task), at - 1, null));

            List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
            String context = "round " + round + ": " + statuses + " " + answers.stream().map(HttpResponse::body).toList();
            assertThat(statuses).as(context).containsExactlyInAnyOrder(200, 409);
            assertThat(approvals.decisions(id)).as(context).extracting(Decision::approver).containsExactly("bob");
            assertThat(decided(id).path("status").asText()).as(context).isEqualTo("APPROVED");
            assertThat(auditCount(id, "TOKEN_ISSUED")).as(context).isEqualTo(1);
        }
    }

    @Test
    void twoSlackApproversAtOnceOnAOnePersonPlanGiveOneApprovalAndOneToken() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
            String task = taskOf("bob", id);

            List<HttpResponse<String>> answers = atOnce(() -> post(approve("U_RACE_BOB", task), now(), null),
                    () -> post(approve("U_RACE_CAROL", task), now(), null));

            List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
            String context = "round " + round + ": " + statuses + " " + answers.stream().map(HttpResponse::body).toList();
            assertThat(statuses).as(context).containsExactlyInAnyOrder(200, 409);
            String winner = statuses.get(0) == 200 ? "bob" : "carol";
            assertThat(approvals.decisions(id)).as(context).extracting(Decision::approver).containsExactly(winner);
            JsonNode decided = decided(id);
            assertThat(decided.path("status").asText()).as(context).isEqualTo("APPROVED");
            assertThat(decided.path("approvals")).as(context).hasSize(1);
            assertThat(auditCount(id, "TOKEN_ISSUED")).as(context).isEqualTo(1);
        }
    }

    /**
     * A destructive plan needs two people and a written reason each: Slack's button carries no reason, so the two
     * owners clicking it are refused while the SRE approves on the API with a comment; the plan then waits for one
     * owner's reasoned approval and is approved with exactly two approvals and one token.
     */
    @Test
    void twoSlackApprovalsAndAnApiApprovalAtOnceOnADestructivePlanNeverApproveItWithoutTwoReasonedApprovals()
            throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", Plans.recreateProductionEnvironment("alice")).path("id").asText();
            String task = taskOf("dave", id);

            List<Object> answers = atOnce(() -> post(approve("U_RACE_BOB", task), now(), null),
                    () -> post(approve("U_RACE_CAROL", task), now(), null),
                    () -> decide("dave", task, "APPROVE", "sre: snapshot verified"));

            @SuppressWarnings("unchecked")
            HttpResponse<String> bob = (HttpResponse<String>) answers.get(0);
            @SuppressWarnings("unchecked")
            HttpResponse<String> carol = (HttpResponse<String>) answers.get(1);
            Response dave = (Response) answers.get(2);
            String context = "round " + round + ": bob " + bob.statusCode() + " " + bob.body() + ", carol "
                    + carol.statusCode() + " " + carol.body() + ", dave " + dave.status() + " " + dave.body();
            assertThat(bob.statusCode()).as(context).isBetween(400, 499);
            assertThat(carol.statusCode()).as(context).isBetween(400, 499);
            assertThat(dave.status()).as(context).isEqualTo(200);
            assertThat(approvals.decisions(id)).as(context).extracting(Decision::approver).containsExactly("dave");
            assertThat(as("alice").get("/api/v1/change-requests/" + id).text("status")).as(context)
                    .isEqualTo("PENDING_APPROVAL");

            assertThat(decide("carol", task, "APPROVE", "owner: rollback rehearsed").status()).as(context).isEqualTo(200);
            JsonNode decided = decided(id);
            assertThat(decided.path("status").asText()).as(context).isEqualTo("APPROVED");
            assertThat(decided.path("approvals").findValuesAsText("approver")).as(context)
                    .containsExactlyInAnyOrder("dave", "carol");
            assertThat(auditCount(id, "TOKEN_ISSUED")).as(context).isEqualTo(1);
        }
    }

    /**
     * The request once the workflow has acted on the decision. The long poll says so; if it answers early with a
     * pending status, the test keeps asking (and says how early the poll answered), so a slow engine step on the
     * loaded machine is not mistaken for a wrong decision.
     */
    private JsonNode decided(String id) {
        long started = System.nanoTime();
        JsonNode answer = awaitDecision("alice", id);
        if (answer.path("status").asText().equals("PENDING_APPROVAL")) {
            System.err.printf("long poll for %s answered PENDING_APPROVAL after %d ms%n", id,
                    (System.nanoTime() - started) / 1_000_000);
            return await().atMost(Duration.ofSeconds(60)).until(() -> as("alice").get("/api/v1/change-requests/" + id)
                    .json(), r -> !r.path("status").asText().equals("PENDING_APPROVAL"));
        }
        return answer;
    }

    private long auditCount(String requestId, String type) {
        // The token is issued by a workflow step after the decision commits: wait for the count to settle on it.
        if (type.equals("TOKEN_ISSUED")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(requestId, type) >= 1);
        }
        return count(requestId, type);
    }

    private long count(String requestId, String type) {
        return jdbc.sql("select count(*) from audit_entry where request_id = ? and event_type = ?")
                .params(requestId, type).query(Long.class).single();
    }

    private static String approve(String slackUser, String task) {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"" + slackUser + "\"},\"actions\":[{\"action_id\":\""
                + ChatPayloads.APPROVE_ACTION + "\",\"value\":\"" + task + "\"}]}";
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private HttpResponse<String> post(String body, long timestamp, String signature) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signed = signature != null ? signature : SlackSignature.sign(SECRET, Long.toString(timestamp), bytes);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SlackInteractions.PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", signed)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
