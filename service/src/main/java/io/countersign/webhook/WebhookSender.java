package io.countersign.webhook;

import io.countersign.security.AgentTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Posts webhook deliveries: right after the decision commits, and again on a sweep for retries and for anything a
 * crash left behind. Each attempt claims its row with a lease, so the two never post the same delivery at once.
 * Receivers must still expect a repeat (a crash after their 2xx and before ours is recorded) and can use the
 * delivery id to ignore it.
 */
@Component
class WebhookSender implements DisposableBean {

    static final String SIGNATURE = "X-Countersign-Signature";
    static final String DELIVERY = "X-Countersign-Delivery";
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ERROR = 1000;

    private record Due(String url, String body, String tokenId, int attempts) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AgentTokens agentTokens;
    private final CallbackTargets targets;
    private final WebhookProperties properties;
    private final HttpClient http;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    WebhookSender(JdbcClient jdbc, Clock clock, AgentTokens agentTokens, CallbackTargets targets,
                  WebhookProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.agentTokens = agentTokens;
        this.targets = targets;
        this.properties = properties;
        // Redirects are not followed: a receiver must not be able to bounce our signed post to an internal address.
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void sendSoon(String id) {
        workers.execute(() -> send(id));
    }

    @Scheduled(fixedDelayString = "${countersign.webhooks.sweep-interval:PT1S}", initialDelayString = "PT2S")
    void sweep() {
        List<String> due = jdbc.sql("""
                        select id from webhook_delivery
                        where delivered_at is null and next_attempt_at <= ?
                        order by next_attempt_at limit 200""")
                .param(Timestamp.from(clock.instant()))
                .query(String.class)
                .list();
        due.forEach(this::sendSoon);
    }

    void send(String id) {
        if (!claim(id)) {
            return;
        }
        Due due = jdbc.sql("""
                        select d.url, d.body, s.agent_token_id, d.attempts from webhook_delivery d
                        join webhook_subscription s on s.request_id = d.request_id where d.id = ?""")
                .param(id)
                .query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)))
                .single();
        try {
            int status = post(id, due);
            if (status / 100 == 2) {
                jdbc.sql("update webhook_delivery set delivered_at = ?, attempts = attempts + 1, claimed_until = null, "
                                + "last_error = null where id = ?")
                        .params(Timestamp.from(clock.instant()), id)
                        .update();
                return;
            }
            failed(id, due.attempts() + 1, "receiver answered " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(id, due.attempts() + 1, "interrupted");
        } catch (Exception e) {
            failed(id, due.attempts() + 1, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private int post(String id, Due due) throws Exception {
        URI uri = URI.create(due.url());
        targets.checkBeforeSending(uri);
        String secret = agentTokens.webhookSecret(due.tokenId())
                .orElseThrow(() -> new IllegalStateException("the agent token's webhook secret is gone"));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Countersign-Webhook")
                .header(SIGNATURE, "sha256=" + sign(secret, due.body()))
                .header(DELIVERY, id)
                .POST(HttpRequest.BodyPublishers.ofString(due.body(), StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** HMAC-SHA256 of the exact body bytes, keyed with the secret as shown to the admin (UTF-8). */
    static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the JVM specification", e);
        }
    }

    /** Takes the row for longer than one attempt can last, so a sweep does not post it again meanwhile. */
    private boolean claim(String id) {
        Instant now = clock.instant();
        Duration lease = properties.connectTimeout().plus(properties.requestTimeout()).plusSeconds(30);
        return jdbc.sql("""
                        update webhook_delivery set claimed_until = ?
                        where id = ? and delivered_at is null and next_attempt_at <= ?
                          and (claimed_until is null or claimed_until < ?)""")
                .params(Timestamp.from(now.plus(lease)), id, Timestamp.from(now), Timestamp.from(now))
                .update() == 1;
    }

    private void failed(String id, int attempts, String error) {
        boolean givingUp = attempts >= properties.maxAttempts();
        Instant next = givingUp ? null : clock.instant().plus(properties.backoff(attempts));
        String shortened = error == null ? "unknown" : error.substring(0, Math.min(error.length(), MAX_ERROR));
        jdbc.sql("""
                        update webhook_delivery set attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = null
                        where id = ?""")
                .params(attempts, next == null ? null : Timestamp.from(next), shortened, id)
                .update();
        if (givingUp) {
            log.warn("Webhook delivery {} given up after {} attempts: {}", id, attempts, shortened);
        } else {
            log.info("Webhook delivery {} attempt {} failed ({}); next at {}", id, attempts, shortened, next);
        }
    }

    @Override
    public void destroy() {
        workers.shutdown();
    }
}
