package io.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.common.UnicodeText;
import io.countersign.security.UserDirectory;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import io.countersign.support.WebSession;
import io.countersign.ui.request.DecisionRefused;
import io.countersign.ui.shared.Decision;
import io.countersign.ui.shared.Viewer;
import io.countersign.ui.submit.FieldProblem;
import io.countersign.ui.submit.PlanDraft;
import io.countersign.ui.submit.SubmissionResult;
import io.countersign.ui.submit.Submissions;
import io.countersign.ui.request.Requests;
import io.countersign.ui.shared.ViewerResolver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * One plan, one hash: text that is not well-formed Unicode (an unpaired surrogate, escaped or raw) is refused at every
 * door with the field it is in, so two different plans never share a hash and nothing stored breaks a later read.
 * JSON bodies are written by hand here: a JSON escape of U+D800 is exactly what an attacker would send.
 */
class InvalidUnicodeTest extends AppTest {

    private static final String NONE = "00000000-0000-0000-0000-000000000000";
    /** The six characters of a JSON escape of a lone high surrogate, as they appear in a body. */
    private static final String LONE_HIGH = "\\" + "ud800";
    private static final String LONE_LOW = "\\" + "udc00";
    private static final String PAIR = "\\" + "ud83d" + "\\" + "ude00";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Submissions submissions;
    @Autowired
    Requests requests;
    @Autowired
    ViewerResolver viewers;
    @Autowired
    UserDirectory users;

    @Test
    void aCommandWithAnEscapedLoneSurrogateIsRefusedSoItCannotShareAHashWithAQuestionMark() {
        long before = rows();

        Response question = submitRaw(body("Restart api", "echo ?"));
        Response surrogate = submitRaw(body("Restart api", "echo " + LONE_HIGH));

        assertThat(question.status()).as(question.body()).isEqualTo(201);
        assertThat(surrogate.status()).isEqualTo(400);
        assertThat(surrogate.contentType()).contains("application/problem+json");
        assertThat(surrogate.json().path("errors").get(0).path("field").asText()).isEqualTo("actions[0].command");
        assertThat(surrogate.text("detail")).contains("unpaired surrogate");
        assertThat(rows()).isEqualTo(before + 1);
    }

    @Test
    void aTitleWithALoneSurrogateIsRefusedAndTheAuditLogKeepsAnswering() {
        Response high = submitRaw(body("Restart " + LONE_HIGH, "echo restart"));
        Response low = submitRaw(body("Restart " + LONE_LOW, "echo restart"));
        Response reversed = submitRaw(body("Restart " + LONE_LOW + LONE_HIGH, "echo restart"));

        assertThat(List.of(high, low, reversed)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("title");
        });
        assertThat(as("erin").get("/api/v1/audit/events?limit=200").status()).isEqualTo(200);
    }

    @Test
    void aSurrogatePairIsWellFormedAndAccepted() {
        Response emoji = submitRaw(body("Restart api " + PAIR, "echo restart"));

        assertThat(emoji.status()).as(emoji.body()).isEqualTo(201);
        assertThat(emoji.text("title")).isEqualTo("Restart api \uD83D\uDE00");
        assertThat(as("erin").get("/api/v1/audit/events?requestId=" + emoji.text("id")).status()).isEqualTo(200);
    }

    @Test
    void aRawSurrogateInTheBytesIsRefusedAsNotUtf8() {
        byte[] raw = body("Restart ", "echo restart").getBytes(StandardCharsets.UTF_8);
        byte[] withSurrogate = insertAfter(raw, "\"title\":\"Restart ", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});

        Response response = as("alice").postRaw("/api/v1/change-requests", "application/json", withSurrogate);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("detail")).contains("UTF-8");
    }

    @Test
    void decisionCommentsAndWithdrawReasonsAreCheckedTooBeforeAnythingIsLookedUp() {
        Response comment = as("bob").post("/api/v1/tasks/" + NONE + "/decision",
                "{\"decision\":\"REJECT\",\"comment\":\"no " + LONE_HIGH + "\"}");
        Response reason = as("alice").post("/api/v1/change-requests/" + NONE + "/withdraw",
                "{\"reason\":\"changed my mind " + LONE_LOW + "\"}");
        Response key = as("alice").post("/api/v1/change-requests", "{\"ti" + LONE_HIGH + "tle\":\"x\"}");

        assertThat(comment.status()).isEqualTo(400);
        assertThat(comment.json().path("errors").get(0).path("field").asText()).isEqualTo("comment");
        assertThat(reason.status()).isEqualTo(400);
        assertThat(reason.json().path("errors").get(0).path("field").asText()).isEqualTo("reason");
        assertThat(key.status()).isEqualTo(400);
    }

    @Test
    void theWebFormAndPasteNameTheFieldAsTheApiDoes() {
        PlanDraft draft = new PlanDraft("Restart \uD800", "why", "cost-explorer", "production",
                List.of(new PlanDraft.ActionDraft("RESTART", "deployment", "api", "RESOURCE", List.of("eu-west-1"),
                        true, "echo \uDC00", "restart again")));
        String pasted = body("Restart api", "echo " + LONE_HIGH).replace("\"requestedBy\":\"alice\",", "");

        SubmissionResult form = submissions.submit(viewer("alice"), draft);
        SubmissionResult paste = submissions.submitJson(viewer("alice"), pasted);

        assertThat(((SubmissionResult.Rejected) form).problems()).contains(
                new FieldProblem("title", UnicodeText.PROBLEM),
                new FieldProblem("actions[0].command", UnicodeText.PROBLEM));
        assertThat(((SubmissionResult.Rejected) paste).problems())
                .containsExactly(new FieldProblem("actions[0].command", UnicodeText.PROBLEM));
    }

    @Test
    void aWebFormFieldWhoseBytesAreNotUtf8IsNotStoredAsReplacementCharacters() {
        long before = rows();
        WebSession alice = WebSession.signedIn(port, "alice");
        String form = "title=Restart+%ED%A0%80&justification=j&service=cost-explorer&environment=staging"
                + "&actions%5B0%5D.operation=UPDATE&actions%5B0%5D.resourceType=deployment"
                + "&actions%5B0%5D.resource=api&actions%5B0%5D.scope=RESOURCE&actions%5B0%5D.regions=eu-west-1"
                + "&actions%5B0%5D.reversible=true&actions%5B0%5D.command=echo+restart"
                + "&actions%5B0%5D.rollbackPlan=redeploy";

        Response response = alice.post("/requests/new", form);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("title");
        assertThat(rows()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from change_request where title like ?").param("%\uFFFD%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aPastedPlanWhoseBytesAreNotUtf8IsRefusedNamingThePart() {
        String boundary = "----countersign-test";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{\"title\":\"caf")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\"}\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xE9;
        System.arraycopy(tail, 0, body, head.length + 1, tail.length);

        Response response = api().postRaw("/requests/new/json", "multipart/form-data; boundary=" + boundary, body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("json");
    }

    @Test
    void wellFormedFormFieldsStillReachThePageDecodedAsBefore() {
        WebSession alice = WebSession.signedIn(port, "alice");

        Response response = alice.post("/requests/new", "title=Caf%C3%A9+%E2%9C%93&addAction=1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("Café ✓");
    }

    @Test
    void aWebDecisionCommentWithALoneSurrogateIsRefused() {
        String id = as("alice").post("/api/v1/change-requests", Plans.productionRestart("alice")).text("id");

        assertThatThrownBy(() -> requests.decide(viewer("bob"), id, Decision.REJECT, "no \uD800"))
                .isInstanceOf(DecisionRefused.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void theCheckIsOneReusableFunction() {
        assertThat(UnicodeText.isWellFormed("echo ?")).isTrue();
        assertThat(UnicodeText.isWellFormed("\uD83D\uDE00")).isTrue();
        assertThat(UnicodeText.firstUnpairedSurrogate("ab\uD800")).isEqualTo(2);
        assertThat(UnicodeText.firstUnpairedSurrogate("\uDE00\uD83D")).isZero();
        assertThat(UnicodeText.illFormedJsonText("{\"a\":[{\"b\":\"x\"},{\"c\":\"" + LONE_HIGH + "\"}]}"))
                .containsExactly("a[1].c");
        assertThat(UnicodeText.illFormedJsonText("{not json")).isEmpty();
    }

    private Response submitRaw(String json) {
        return as("alice").post("/api/v1/change-requests", json);
    }

    private static String body(String title, String command) {
        return "{\"title\":\"" + title + "\",\"justification\":\"j\",\"requestedBy\":\"alice\","
                + "\"service\":\"cost-explorer\",\"environment\":\"staging\",\"actions\":[{\"operation\":\"UPDATE\","
                + "\"resourceType\":\"deployment\",\"resource\":\"api\",\"scope\":\"RESOURCE\","
                + "\"regions\":[\"eu-west-1\"],\"reversible\":true,\"command\":\"" + command + "\","
                + "\"rollbackPlan\":\"redeploy the previous version\"}]}";
    }

    private static byte[] insertAfter(byte[] body, String marker, byte[] insert) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf(marker) + marker.length();
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + insert.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(insert, 0, out, head.length, insert.length);
        System.arraycopy(tail, 0, out, head.length + insert.length, tail.length);
        return out;
    }

    private Viewer viewer(String username) {
        UserDetails user = users.loadUserByUsername(username);
        return viewers.resolve(UsernamePasswordAuthenticationToken.authenticated(username, null,
                user.getAuthorities()), "127.0.0.1");
    }

    private long rows() {
        return jdbc.sql("select count(*) from change_request").query(Long.class).single();
    }
}
