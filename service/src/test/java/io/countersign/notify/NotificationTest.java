package io.countersign.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.security.Roles;
import io.countersign.security.UserDirectory;
import io.countersign.support.AppTest;
import io.countersign.support.NotifyPeers;
import io.countersign.support.Plans;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** E-mail through a real SMTP server (GreenMail) and chat through a local webhook receiver, end to end. */
class NotificationTest extends AppTest {

    /** Generous: on a loaded 2-core machine the engine alone can take tens of seconds to open a CRITICAL approval. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    UserDirectory users;
    @Autowired
    PasswordEncoder passwords;

    @BeforeAll
    static void peers() {
        NotifyPeers.start();
    }

    @Test
    void mediumPlanMailsTheRoutedApproversAndNobodyElse() {
        String title = "Restart " + UUID.randomUUID();
        String id = submit("alice", titled(Plans.productionRestart("alice"), title)).path("id").asText();

        List<List<String>> mails = await().atMost(WAIT).until(() -> NotifyPeers.mails(title), m -> m.size() >= 2);

        assertThat(mails).extracting(m -> m.get(0))
                .containsExactlyInAnyOrder("bob@countersign.test", "carol@countersign.test");
        assertThat(emailRecipients(id)).containsExactlyInAnyOrder("bob@countersign.test", "carol@countersign.test");
        String body = mails.getFirst().get(2);
        assertThat(mails.getFirst().get(1)).contains("Approval needed").contains("MEDIUM");
        assertThat(body).contains("RESTART deployment cost-explorer-api", "cost-explorer in production (eu-west-1)",
                "MEDIUM: ", "needs 1 from cost-explorer-approvers", "Deadline: ", "/requests/" + id,
                "Nothing in this message approves anything by itself");
    }

    @Test
    void slackPayloadIsBlockJsonWithTheLinkAndAnApproveButton() throws Exception {
        String title = "Restart " + UUID.randomUUID();
        String id = submit("alice", titled(Plans.productionRestart("alice"), title)).path("id").asText();
        String task = taskOf("bob", id);

        NotifyPeers.Received post = await().atMost(WAIT)
                .until(() -> NotifyPeers.chatPosts(title), p -> !p.isEmpty()).getFirst();

        assertThat(post.path()).isEqualTo("/chat/cost-explorer-approvers");
        JsonNode slack = json.readTree(post.body());
        assertThat(slack.path("text").asText()).contains(title);
        JsonNode blocks = slack.path("blocks");
        assertThat(blocks.isArray()).isTrue();
        assertThat(blocks.findValuesAsText("type")).contains("header", "section", "actions", "button");
        JsonNode buttons = blocks.get(blocks.size() - 1).path("elements");
        assertThat(buttons.get(0).path("url").asText()).endsWith("/requests/" + id);
        assertThat(buttons.get(1).path("action_id").asText()).isEqualTo(ChatPayloads.APPROVE_ACTION);
        assertThat(buttons.get(1).path("value").asText()).isEqualTo(task);
        assertThat(blocks.get(1).path("text").path("text").asText()).contains("needs 1 from cost-explorer-approvers");
    }

    @Test
    void escalationMailsTheEscalationGroupThatItIsOverdue() throws Exception {
        String title = "Restart " + UUID.randomUUID();
        String id = submit("alice", titled(Plans.productionRestart("alice"), title)).path("id").asText();
        String task = taskOf("bob", id);

        advanceUntil(Duration.ofHours(1), () -> taskIds("dave").contains(task));

        List<List<String>> overdue = await().atMost(WAIT).until(
                () -> NotifyPeers.mails(title).stream().filter(m -> m.get(1).startsWith("Overdue")).toList(),
                m -> !m.isEmpty());
        assertThat(overdue).extracting(m -> m.get(0)).containsExactly("dave@countersign.test");
        JsonNode generic = json.readTree(await().atMost(WAIT)
                .until(() -> NotifyPeers.chatPosts(title).stream().filter(p -> p.path().equals("/chat/sre-leads"))
                        .toList(), p -> !p.isEmpty()).getFirst().body());
        assertThat(generic.path("kind").asText()).isEqualTo(Notices.ESCALATED);
        assertThat(generic.path("link").asText()).endsWith("/requests/" + id);
    }

    @Test
    void decisionMailsTheRequester() {
        String title = "Restart " + UUID.randomUUID();
        String id = submit("alice", titled(Plans.productionRestart("alice"), title)).path("id").asText();
        assertThat(decide("bob", taskOf("bob", id), "APPROVE", null).status()).isEqualTo(200);

        List<List<String>> approved = await().atMost(WAIT).until(() -> NotifyPeers.mails(title).stream()
                .filter(m -> m.get(0).equals("alice@countersign.test")).toList(), m -> !m.isEmpty());
        assertThat(approved.getFirst().get(1)).startsWith("Your request is approved");
        assertThat(approved.getFirst().get(2)).contains("/requests/" + id, "Run it before");
    }

    @Test
    void criticalPlanMailSaysWhatIsStillMissingAfterTheFirstApproval() {
        String title = "Recreate " + UUID.randomUUID();
        String id = submit("alice", titled(Plans.recreateProductionEnvironment("alice"), title)).path("id").asText();
        await().atMost(WAIT).until(() -> NotifyPeers.mails(title), m -> !m.isEmpty()); // the approval is open
        assertThat(decide("bob", taskOf("bob", id), "APPROVE", "snapshot verified").status()).isEqualTo(200);

        List<List<String>> progress = await().atMost(WAIT).until(() -> NotifyPeers.mails(title).stream()
                .filter(m -> m.get(0).equals("alice@countersign.test")).toList(), m -> !m.isEmpty());
        assertThat(progress.getFirst().get(1)).contains("bob approved", "needs 1 from sre");
        assertThat(progress.getFirst().get(2)).contains("Still needed: needs 1 from sre", "CRITICAL: ");
    }

    @Test
    void failingChatReceiverIsRetriedAndTheDecisionIsUnaffected() {
        String title = "Restart " + UUID.randomUUID();
        NotifyPeers.failNext(title, 2);
        String id = submit("alice", titled(Plans.productionRestart("alice"), title)).path("id").asText();

        assertThat(decide("bob", taskOf("bob", id), "APPROVE", null).status()).isEqualTo(200);
        assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("APPROVED");

        List<NotifyPeers.Received> posts = await().atMost(WAIT).until(() -> NotifyPeers.chatPosts(title),
                p -> p.stream().anyMatch(r -> r.answered() == 200));
        assertThat(posts).extracting(NotifyPeers.Received::answered).containsExactly(500, 500, 200);
        Map<String, Object> row = jdbc.sql("select state, attempts from notification where request_id = ? and channel = 'CHAT'")
                .param(id).query().singleRow();
        assertThat(row.get("state")).isEqualTo("SENT");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(3);
    }

    @Test
    void breakGlassTellsTheOwningTeamAndTheEscalationGroupButNotWhoBrokeIt() throws Exception {
        // Its own SRE: a break-glass left unreviewed would hold back the next one of the same person in other tests.
        users.addIfAbsent("henry", passwords.encode("demo"), "Henry (SRE)", List.of(Roles.ENGINEER, Roles.APPROVER),
                List.of("sre"));
        String title = "Recreate " + UUID.randomUUID();
        String id = submit("alice", titled(Plans.recreateProductionEnvironment("alice"), title)).path("id").asText();
        taskOf("bob", id);
        assertThat(as("henry").post("/api/v1/change-requests/" + id + "/break-glass",
                Map.of("reason", "Checkout is down", "incidentRef", "INC-4711")).status()).isEqualTo(200);

        List<List<String>> told = await().atMost(WAIT).until(() -> NotifyPeers.mails(title).stream()
                .filter(m -> m.get(1).startsWith("Break-glass")).toList(), m -> m.size() >= 3);
        assertThat(told).extracting(m -> m.get(0))
                .containsExactlyInAnyOrder("bob@countersign.test", "carol@countersign.test", "dave@countersign.test");
        assertThat(told.getFirst().get(2)).contains("Broken by: henry", "INC-4711", "/requests/" + id);
        JsonNode chat = json.readTree(await().atMost(WAIT)
                .until(() -> NotifyPeers.chatPosts(title).stream().filter(p -> p.path().equals("/chat/sre-leads"))
                        .toList(), p -> !p.isEmpty()).getFirst().body());
        assertThat(chat.path("kind").asText()).isEqualTo(Notices.BREAK_GLASS);
    }

    private List<String> emailRecipients(String requestId) {
        return jdbc.sql("select recipient from notification where request_id = ? and channel = 'EMAIL' and kind = ?")
                .params(requestId, Notices.WAITING).query(String.class).list();
    }

    private static Map<String, Object> titled(Map<String, Object> plan, String title) {
        plan.put("title", title);
        return plan;
    }
}
