package io.countersign.notify;

import io.countersign.common.DeliveryPending;
import io.countersign.outbound.OutboundHttp;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends one queued notification after the transaction that queued it commits, on its own thread. A failed attempt is
 * recorded with its backoff and the listener throws, so the registry keeps the publication incomplete and
 * {@link Resubmission} offers it again when it is due. Not transactional on purpose: the failure it records must
 * stay recorded when it throws.
 */
@Component
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final NotificationQueue queue;
    private final NotificationProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final OutboundHttp http;
    private final Clock clock;

    NotificationSender(NotificationQueue queue, NotificationProperties properties, ObjectProvider<JavaMailSender> mail,
                       OutboundHttp http, Clock clock) {
        this.queue = queue;
        this.properties = properties;
        this.mail = mail;
        this.http = http;
        this.clock = clock;
    }

    @Async
    @TransactionalEventListener
    void on(NotificationQueued queued) {
        send(queued.notificationId());
    }

    void send(String id) {
        if (!queue.claim(id, LEASE)) {
            if (queue.isQueued(id)) {
                throw new NotSentYet(id + " is being sent elsewhere or not due yet");
            }
            return; // sent or given up: the publication is done
        }
        NotificationQueue.Row row = queue.find(id).orElseThrow();
        try {
            if (NotificationQueue.EMAIL.equals(row.channel())) {
                email(row);
            } else {
                chat(row);
            }
            queue.sent(id);
        } catch (Exception e) {
            int attempts = row.attempts() + 1;
            boolean givingUp = attempts >= properties.maxAttempts();
            Instant next = givingUp ? null : clock.instant().plus(properties.backoff(attempts));
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            queue.failed(id, attempts, next, error);
            if (givingUp) {
                log.warn("Notification {} ({} to {}) given up after {} attempts: {}", id, row.channel(),
                        row.recipient(), attempts, error);
                return;
            }
            log.warn("Notification {} ({} to {}) attempt {} failed ({}); next at {}", id, row.channel(),
                    row.recipient(), attempts, error, next);
            throw new NotSentYet(id + " attempt " + attempts + " failed: " + error);
        }
    }

    private void email(NotificationQueue.Row row) throws Exception {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("e-mail is off (no spring.mail.host)");
        }
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(properties.mail().from());
        helper.setTo(row.recipient());
        helper.setSubject(row.subject());
        helper.setText(row.body(), false);
        sender.send(message);
    }

    private void chat(NotificationQueue.Row row) throws Exception {
        NotificationProperties.Chat target = properties.chat().get(row.recipient());
        if (target == null || target.url() == null || target.url().isBlank()) {
            throw new IllegalStateException("no chat webhook is configured for group " + row.recipient() + " any more");
        }
        OutboundHttp.Answer answer = http.postJson(URI.create(target.url()), row.body(),
                Map.of("User-Agent", "Countersign-Notifications"));
        if (!answer.ok()) {
            throw new IllegalStateException("the chat webhook answered " + answer.status());
        }
    }

    /** The message is not sent yet; the publication stays incomplete so it is offered again. */
    static final class NotSentYet extends DeliveryPending {
        NotSentYet(String message) {
            super(message);
        }
    }
}
