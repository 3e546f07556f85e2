package io.countersign.notify;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notifications. E-mail itself is Spring Boot's {@code spring.mail.*}: with no {@code spring.mail.host} there is no
 * e-mail. Secrets (the Slack signing secret and bot token) come from the environment.
 *
 * @param baseUrl     the address people open Countersign at; links in messages point below it
 * @param mail        the sender address
 * @param chat        per approver group: where its chat webhook is and which payload it takes
 * @param slack       approving from Slack buttons: off without a signing secret
 * @param maxAttempts attempts before a message is given up (and shown as FAILED)
 * @param firstRetry  the wait after the first failure; it doubles after each further one
 * @param maxRetry    the longest wait between two attempts
 */
@ConfigurationProperties("countersign.notifications")
record NotificationProperties(String baseUrl, Mail mail, Map<String, Chat> chat, Slack slack, Integer maxAttempts,
                              Duration firstRetry, Duration maxRetry) {

    enum Format { SLACK, TEAMS, JSON }

    record Mail(String from) {
        Mail {
            from = from == null || from.isBlank() ? "countersign@localhost" : from.strip();
        }
    }

    record Chat(String url, String format) {
        Format kind() {
            return Format.valueOf((format == null || format.isBlank() ? "json" : format.strip()).toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @param signingSecret the app's signing secret; the interactions endpoint exists only with one
     * @param botToken      a bot token with {@code users:read.email}, to learn a Slack user's e-mail address
     * @param apiUrl        Slack's Web API (tests point it at a local receiver)
     */
    record Slack(String signingSecret, String botToken, String apiUrl) {
        Slack {
            apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://slack.com/api" : apiUrl.replaceAll("/+$", "");
        }
    }

    NotificationProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.replaceAll("/+$", "");
        mail = mail == null ? new Mail(null) : mail;
        chat = chat == null ? Map.of() : Map.copyOf(chat);
        slack = slack == null ? new Slack(null, null, null) : slack;
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        firstRetry = firstRetry == null ? Duration.ofSeconds(10) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofMinutes(30) : maxRetry;
    }

    /** The wait before the next attempt, after {@code attempts} failed ones. */
    Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = firstRetry.multipliedBy(1L << doublings);
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }

    String requestLink(String requestId) {
        return baseUrl + "/requests/" + requestId;
    }
}
