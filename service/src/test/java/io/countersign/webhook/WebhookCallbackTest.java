package io.countersign.webhook;

import static io.countersign.support.Plans.stagingUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.countersign.support.Api;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An agent asks for its decision to be posted back: signed, delivered once it commits, retried until received. */
class WebhookCallbackTest extends AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private HttpServer receiver;

    record Received(String signature, String delivery, String body) {
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void anApprovedPlanIsPostedToItsCallbackSignedWithTheTokensWebhookSecret() throws Exception {
        JsonNode created = createAgentToken(Map.of("agentId", "kiro-7", "engineers", List.of("alice")));
        String secret = created.path("webhookSecret").asText();
        Api kiro = api().withAuthorization("Bearer " + created.path("token").asText());

        JsonNode submitted = kiro.post("/api/v1/change-requests", withCallback(stagingUpdate("alice"), startReceiver()))
                .json();

        Received callback = await().until(received::peek, r -> r != null);
        JsonNode body = JSON.readTree(callback.body());
        assertThat(body.path("requestId").asText()).isEqualTo(submitted.path("id").asText());
        assertThat(body.path("status").asText()).isEqualTo("APPROVED");
        assertThat(body.path("tier").asText()).isEqualTo("LOW");
        assertThat(body.path("planHash").asText()).isEqualTo(submitted.path("planHash").asText());
        assertThat(body.path("approvalToken").asText()).isEqualTo(submitted.path("approvalToken").asText()).isNotBlank();
        assertThat(body.path("decidedAt").asText()).isNotBlank();
        assertThat(callback.signature()).isEqualTo("sha256=" + hmacSha256(secret, callback.body()));
        assertThat(callback.signature()).isNotEqualTo("sha256=" + hmacSha256(secret + "x", callback.body()));
        await().until(() -> deliveredAt(callback.delivery()) != null);
        assertThat(jdbc.sql("select webhook_secret_sealed from agent_token where id = ?")
                .param(created.path("details").path("id").asText()).query(String.class).single())
                .startsWith("v1:").doesNotContain(secret);
    }

    @Test
    void aReceiverThatFailsFirstGetsTheSameDeliveryAgain() throws Exception {
        answers.add(500);
        Api kiro = asAgent("kiro-7", "alice");

        kiro.post("/api/v1/change-requests", withCallback(stagingUpdate("alice"), startReceiver()));

        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 2);
        List<Received> both = List.copyOf(received);
        assertThat(both.get(1).delivery()).isEqualTo(both.get(0).delivery());
        assertThat(both.get(1).body()).isEqualTo(both.get(0).body());
        await().until(() -> deliveredAt(both.get(0).delivery()) != null);
        assertThat(jdbc.sql("select attempts from webhook_delivery where id = ?").param(both.get(0).delivery())
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aMalformedCallbackUrlIsABadRequestNamingTheFieldAndStoresNothing() {
        Api kiro = asAgent("kiro-7", "alice");
        for (String url : List.of("ftp://127.0.0.1/hook", "http://user:pw@127.0.0.1/hook", "/relative/hook",
                "javascript:alert(1)", "http://127.0.0.1/" + "x".repeat(2000), "http://exa mple.com/")) {
            String title = "bad callback " + UUID.randomUUID();
            Map<String, Object> plan = withCallback(stagingUpdate("alice"), url);
            plan.put("title", title);

            Response response = kiro.post("/api/v1/change-requests", plan);

            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.json().path("errors").findValuesAsText("field")).as(url).containsExactly("callbackUrl");
            assertThat(requestsTitled(title)).as(url).isZero();
        }
    }

    @Test
    void aLinkLocalCallbackOrOneFromAPersonIsRefusedWithTheReasonAndStoresNothing() {
        String metadata = "metadata " + UUID.randomUUID();
        Map<String, Object> toMetadata = withCallback(stagingUpdate("alice"), "http://169.254.169.254/latest/meta-data");
        toMetadata.put("title", metadata);
        String human = "human " + UUID.randomUUID();
        Map<String, Object> fromAlice = withCallback(stagingUpdate("alice"), "http://127.0.0.1:9/hook");
        fromAlice.put("title", human);

        Response refusedAddress = asAgent("kiro-7", "alice").post("/api/v1/change-requests", toMetadata);
        Response refusedPerson = as("alice").post("/api/v1/change-requests", fromAlice);

        assertThat(refusedAddress.status()).isEqualTo(422);
        assertThat(refusedAddress.json().path("errors").get(0).path("field").asText()).isEqualTo("callbackUrl");
        assertThat(refusedAddress.body()).contains("link-local");
        assertThat(refusedPerson.status()).isEqualTo(422);
        assertThat(refusedPerson.body()).contains("only agents");
        assertThat(requestsTitled(metadata) + requestsTitled(human)).isZero();
    }

    private String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Countersign-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Countersign-Delivery"),
                    new String(body, StandardCharsets.UTF_8)));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static Map<String, Object> withCallback(Map<String, Object> plan, String url) {
        plan.put("callbackUrl", url);
        return plan;
    }

    private Object deliveredAt(String delivery) {
        return jdbc.sql("select delivered_at from webhook_delivery where id = ?").param(delivery)
                .query((rs, n) -> rs.getTimestamp(1)).optional().orElse(null);
    }

    private int requestsTitled(String title) {
        return jdbc.sql("select count(*) from change_request where title = ?").param(title).query(Integer.class).single();
    }

    /** Computed here independently of the application, as a receiver would. */
    private static String hmacSha256(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
