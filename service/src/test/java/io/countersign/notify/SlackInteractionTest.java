package io.countersign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.approval.Approvals;
import io.countersign.approval.Decision;
import io.countersign.support.AppTest;
import io.countersign.support.NotifyPeers;
import io.countersign.support.Plans;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Approve button, as Slack posts it: signed with the app's signing secret, the user matched through Slack's
 * users.info (a local receiver) and the directory's e-mail addresses, then the same judge as the web page.
 */
class SlackInteractionTest extends AppTest {

    private static final String SECRET = "test-slack-signing-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Approvals approvals;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void slackUsers() {
        NotifyPeers.start();
        NotifyPeers.slackUser("U_BOB", "Bob@Countersign.test", false);
        NotifyPeers.slackUser("U_ALICE", "alice@countersign.test", false);
        NotifyPeers.slackUser("U_STRANGER", "mallory@elsewhere.example", false);
        NotifyPeers.slackUser("U_BOT", "bot@countersign.test", true);
    }

    @Test
    void signedApproveFromBobIsRecordedWithSlackAsTheSignInMethod() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);

        HttpResponse<String> answer = post(approve("U_BOB", task), now(), null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("Approved as bob");
        assertThat(approvals.decisions(id)).extracting(Decision::approver).containsExactly("bob");
        assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("APPROVED");
        String details = jdbc.sql("select details from audit_entry where request_id = ? and event_type = 'DECIDED'")
                .param(id).query(String.class).single();
        assertThat(details).contains("\"signInMethod\":\"slack\"");
    }

    @Test
    void badSignatureIsRefusedAndChangesNothing() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);

        HttpResponse<String> answer = post(approve("U_BOB", task), now(), "v0=" + "0".repeat(64));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("X-Slack-Signature");
        assertUnchanged(id);
    }

    @Test
    void staleTimestampIsRefusedEvenWhenSigned() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);

        HttpResponse<String> answer = post(approve("U_BOB", task), now() - 6 * 60, null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("five minutes");
        assertUnchanged(id);
    }

    @Test
    void replayedRequestIsRefused() throws Exception {
        String first = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String second = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String body = approve("U_ALICE", taskOf("bob", first));
        long at = now();
        assertThat(post(body, at, null).statusCode()).isEqualTo(403);

        HttpResponse<String> replay = post(body, at, null);

        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("replayed");
        assertUnchanged(first);
        // A fresh, signed request for another task is still taken: only the replay was refused.
        assertThat(post(approve("U_BOB", taskOf("bob", second)), now(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownSlackUserIsRefused() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        for (String user : List.of("U_STRANGER", "U_NOBODY")) {
            HttpResponse<String> answer = post(approve(user, task), now(), null);
            assertThat(answer.statusCode()).as(user).isEqualTo(403);
        }
        assertUnchanged(id);
    }

    @Test
    void requesterThemselvesIsRefusedLikeOnTheWeb() throws Exception {
        String requestedByBob = submit("bob", Plans.productionRestart("bob")).path("id").asText();
        String task = taskOf("carol", requestedByBob);
        NotifyPeers.slackUser("U_BOB_AGAIN", "bob@countersign.test", false);

        HttpResponse<String> answer = post(approve("U_BOB_AGAIN", task), now(), null);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("Decision refused");
        assertUnchanged(requestedByBob, "bob");
    }

    @Test
    void agentIsRefused() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);

        HttpResponse<String> answer = post(approve("U_BOT", task), now(), null);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("Decision refused");
        assertUnchanged(id);
    }

    @Test
    void anUnknownActionIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U_BOB\"},\"actions\":[{\"action_id\":"
                + "\"countersign_delete_everything\",\"value\":\"" + task + "\"}]}";

        HttpResponse<String> answer = post("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8), now(), null);

        assertProblem(answer, 400, "actions[0].action_id");
        assertUnchanged(id);
    }

    @Test
    void theOpenButtonIsOnlyAcknowledged() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U_BOB\"},\"actions\":[{\"action_id\":\""
                + ChatPayloads.OPEN_ACTION + "\",\"value\":\"" + task + "\"}]}";

        HttpResponse<String> answer = post("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8), now(), null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertUnchanged(id);
    }

    /** Signed correctly, yet unreadable: each is a 4xx problem naming what is wrong, and nothing is decided. */
    @Test
    void malformedSignedPayloadsAreProblemDetailsThatChangeNothing() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String task = taskOf("bob", id);
        String good = approve("U_BOB", task);
        java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("no payload field", "token=abc&team_id=T1");
        bodies.put("empty body", "");
        bodies.put("payload not JSON", "payload=" + URLEncoder.encode("{not json", StandardCharsets.UTF_8));
        bodies.put("payload an array", "payload=" + URLEncoder.encode("[1,2]", StandardCharsets.UTF_8));
        bodies.put("payload with no action", "payload=" + URLEncoder.encode(
                "{\"user\":{\"id\":\"U_BOB\"},\"actions\":[]}", StandardCharsets.UTF_8));
        bodies.put("payload with no user", "payload=" + URLEncoder.encode("{\"actions\":[{\"action_id\":\""
                + ChatPayloads.APPROVE_ACTION + "\",\"value\":\"" + task + "\"}]}", StandardCharsets.UTF_8));
        bodies.put("truncated percent escape", good + "%4");
        bodies.put("percent escape that is not hex", good.replaceFirst("%7B", "%zz"));
        bodies.put("invalid UTF-8", good.replaceFirst("%7B", "%7B%C3%28"));
        bodies.put("lone surrogate", "payload=" + URLEncoder.encode("{\"user\":{\"id\":\"U_BOB\"},\"x\":\"", StandardCharsets.UTF_8)
                + "%ED%A0%80" + URLEncoder.encode("\"}", StandardCharsets.UTF_8));
        bodies.put("task that does not exist", approve("U_BOB", "no-such-task"));
        bodies.put("task id far too long", approve("U_BOB", "t".repeat(5000)));
        for (var body : bodies.entrySet()) {
            HttpResponse<String> answer = post(body.getValue(), now(), null);
            assertThat(answer.statusCode()).as(body.getKey() + ": " + answer.body()).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(body.getKey())
                    .startsWith("application/problem+json");
            assertThat(answer.body()).as(body.getKey()).contains("\"detail\"").doesNotContain("Exception");
        }
        assertUnchanged(id);
    }

    @Test
    void unsignedOrOddlyTimedOrOversizedRequestsAreRefusedBeforeTheyAreRead() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        String body = approve("U_BOB", taskOf("bob", id));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + SlackInteractions.PATH)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notATime = postAt(body, "yesterday", SlackSignature.sign(SECRET, "yesterday", bytes));
        HttpResponse<String> future = post(body, now() + 6 * 60, null);
        HttpResponse<String> huge = post("payload=" + "x".repeat(70 * 1024), now(), null);

        assertProblem(unsigned, 401, "X-Slack-Request-Timestamp");
        assertProblem(notATime, 401, "X-Slack-Request-Timestamp");
        assertProblem(future, 401, "X-Slack-Request-Timestamp");
        assertProblem(huge, 413, "payload");
        assertUnchanged(id);
    }

    @Test
    void aSlackUserWithoutAnEmailAddressIsRefused() throws Exception {
        String id = submit("alice", Plans.productionRestart("alice")).path("id").asText();
        NotifyPeers.slackUser("U_NO_EMAIL", null, false);

        HttpResponse<String> answer = post(approve("U_NO_EMAIL", taskOf("bob", id)), now(), null);

        assertProblem(answer, 403, "user");
        assertUnchanged(id);
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String field) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"field\":\"" + field + "\"");
    }

    private void assertUnchanged(String requestId) {
        assertUnchanged(requestId, "alice");
    }

    private void assertUnchanged(String requestId, String requester) {
        assertThat(approvals.decisions(requestId)).isEmpty();
        assertThat(as(requester).get("/api/v1/change-requests/" + requestId).text("status")).isEqualTo("PENDING_APPROVAL");
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
        return postAt(body, Long.toString(timestamp), signed);
    }

    private HttpResponse<String> postAt(String body, String timestamp, String signed) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SlackInteractions.PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signed)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
