package io.countersign.notify;

import io.countersign.common.Backlog;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Messages still to be sent (a row that gave up is FAILED and not counted). Retries back off for minutes, so only a
 * message waiting past a quarter hour is stale.
 */
@Configuration(proxyBeanMethods = false)
class NotificationBacklogConfiguration {

    @Bean
    Backlog notificationBacklog(JdbcClient jdbc, Clock clock) {
        return Backlog.ofRows("notification", Duration.ofMinutes(15), jdbc, clock, "notification", "created_at",
                "state = 'QUEUED'");
    }
}
