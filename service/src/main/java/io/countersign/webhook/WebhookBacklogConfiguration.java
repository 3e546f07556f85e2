package io.countersign.webhook;

import io.countersign.common.Backlog;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Decision callbacks still to be delivered (a row with neither delivered_at nor next_attempt_at gave up and is not
 * counted). Retries back off up to {@code countersign.webhooks.max-retry}, so only a wait past a quarter hour is stale.
 */
@Configuration(proxyBeanMethods = false)
class WebhookBacklogConfiguration {

    @Bean
    Backlog webhookBacklog(JdbcClient jdbc, Clock clock) {
        return Backlog.ofRows("webhook", Duration.ofMinutes(15), jdbc, clock, "webhook_delivery", "created_at",
                "delivered_at is null and next_attempt_at is not null");
    }
}
