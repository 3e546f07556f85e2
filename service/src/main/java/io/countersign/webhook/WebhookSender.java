package io.countersign.webhook;

import io.countersign.common.DeliveryPending;
import io.countersign.outbound.OutboundHttp;
import io.countersign.security.AgentTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Posts webhook deliveries. Each delivery row is announced by a {@link WebhookQueued} event that Spring Modulith's
 * event publication registry stores in the deciding transaction; this listener posts it after commit on its own
 * thread, and a failed attempt leaves the publication incomplete so {@link #resubmitDue} offers it again after its
 * backoff (and the registry at start, for anything a crash left behind). Each attempt claims its row with a lease,
 * so two never post the same delivery at once. Receivers must still expect a repeat (a crash after their 2xx and
 * before ours is recorded) and can use the delivery id to ignore it.
 */
@Component
class WebhookSender {

    static final String SIGNATURE = "X-Countersign-Signature";
    static final String DELIVERY = "X-Countersign-Delivery";
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ERROR = 1000;

    private record Due(String url, String body, String tokenId, int attempts) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AgentTokens agentTokens;
    private final WebhookProperties properties;
    private final OutboundHttp http;
    private final IncompleteEventPublications incomplete;

    WebhookSender(JdbcClient jdbc, Clock clock, AgentTokens agentTokens, WebhookProperties properties,
                  OutboundHttp http, IncompleteEventPublications incomplete) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.agentTokens = agentTokens;
        this.properties = properties;
        this.http = http;
        this.incomplete = incomplete;
    }

    @Async
    @TransactionalEventListener
    void on(WebhookQueued queued) {
        send(queued.deliveryId());
    }

    /** Offers incomplete deliveries to {@link #on} again once their backoff has passed. */
    @Scheduled(fixedDelayString = "${countersign.webhooks.sweep-interval:PT1S}", initialDelayString = "PT2S")
    void resubmitDue() {
        incomplete.resubmitIncompletePublications(p -> p.getEvent() instanceof WebhookQueued q && isDue(q.deliveryId()));
    }

    void send(String id) {
        if (!claim(id)) {
            if (isPending(id)) {
                throw new NotDeliveredYet(id + " is being posted elsewhere or not due yet");
            }
            return; // delivered or given up: the publication is done
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
        } catch (Exception e) {
            failed(id, due.attempts() + 1, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Through the shared outbound client: the host is resolved once, checked, and connected to as checked. */
    private int post(String id, Due due) throws Exception {
        URI uri = URI.create(due.url());
        String secret = agentTokens.webhookSecret(due.tokenId())
                .orElseThrow(() -> new IllegalStateException("the agent token's webhook secret is gone"));
        return http.postJson(uri, due.body(), Map.of(
                "User-Agent", "Countersign-Webhook",
                SIGNATURE, "sha256=" + sign(secret, due.body()),
                DELIVERY, id)).status();
    }

    private boolean isDue(String id) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        select count(*) from webhook_delivery where id = ? and delivered_at is null
                          and next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)""")
                .params(id, now, now).query(Integer.class).single() == 1;
    }

    private boolean isPending(String id) {
        return jdbc.sql("select count(*) from webhook_delivery where id = ? and delivered_at is null "
                        + "and next_attempt_at is not null")
                .param(id).query(Integer.class).single() == 1;
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
            return;
        }
        log.info("Webhook delivery {} attempt {} failed ({}); next at {}", id, attempts, shortened, next);
        throw new NotDeliveredYet(id + " attempt " + attempts + " failed: " + shortened);
    }

    /** The delivery is not done; its publication stays incomplete so it is offered again. */
    static final class NotDeliveredYet extends DeliveryPending {
        NotDeliveredYet(String message) {
            super(message);
        }
    }
}
