package io.countersign.outbox;

import io.countersign.common.Backlog;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Engine commands committed and not yet accepted by the engine; the sweep retries every second. */
@Configuration(proxyBeanMethods = false)
class OutboxBacklogConfiguration {

    @Bean
    Backlog outboxBacklog(JdbcClient jdbc, Clock clock) {
        return Backlog.ofRows("outbox", Duration.ofMinutes(1), jdbc, clock, "outbox", "created_at",
                "published_at is null");
    }
}
