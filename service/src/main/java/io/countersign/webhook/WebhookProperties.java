package io.countersign.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook callbacks on decision.
 *
 * @param allowedHosts   hosts a callback may point at: exact names, or {@code *.example.com} for any subdomain. Empty
 *                       (the default) allows any host except link-local and wildcard addresses; set it in production
 * @param connectTimeout how long to wait for the receiver to accept the connection
 * @param requestTimeout how long to wait for its answer
 * @param maxAttempts    attempts before a delivery is given up
 * @param firstRetry     the wait after the first failure; it doubles after each further one
 * @param maxRetry       the longest wait between two attempts
 */
@ConfigurationProperties("countersign.webhooks")
record WebhookProperties(List<String> allowedHosts, Duration connectTimeout, Duration requestTimeout,
                         Integer maxAttempts, Duration firstRetry, Duration maxRetry) {

    WebhookProperties {
        allowedHosts = allowedHosts == null ? List.of()
                : allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                        .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
        maxAttempts = maxAttempts == null ? 10 : maxAttempts;
        firstRetry = firstRetry == null ? Duration.ofSeconds(1) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofMinutes(10) : maxRetry;
    }

    boolean allows(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return allowedHosts.isEmpty() || allowedHosts.stream().anyMatch(allowed -> allowed.startsWith("*.")
                ? name.endsWith(allowed.substring(1)) : name.equals(allowed));
    }

    /** The wait before the next attempt, after {@code attempts} failed ones. */
    Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = firstRetry.multipliedBy(1L << doublings);
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
