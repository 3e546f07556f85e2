package io.countersign.audit;

import io.countersign.common.Backlog;
import io.countersign.common.CountersignMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log's rates and lag, read from its tables: entries written ({@code max(id)}), entries sealed (the chain's
 * length) and the entries waiting for the sealer, as backlog {@code audit-seal}. Each instance reports the same
 * figures; use their rates ({@code rate(countersign_audit_appended_total[5m])}) and {@code max} across instances.
 */
@Configuration(proxyBeanMethods = false)
class AuditMetrics {

    @Bean
    Backlog auditSealBacklog(JdbcClient jdbc, Clock clock) {
        return Backlog.ofRows("audit-seal", Duration.ofMinutes(1), jdbc, clock,
                "audit_entry", "occurred_at", "id in (select entry_id from audit_pending)");
    }

    @Bean
    FunctionCounter auditAppended(MeterRegistry registry, JdbcClient jdbc) {
        return FunctionCounter.builder(CountersignMetrics.AUDIT_APPENDED, jdbc,
                        db -> db.sql("select coalesce(max(id), 0) from audit_entry").query(Long.class).single())
                .description("audit entries written").register(registry);
    }

    @Bean
    FunctionCounter auditSealed(MeterRegistry registry, JdbcClient jdbc) {
        return FunctionCounter.builder(CountersignMetrics.AUDIT_SEALED, jdbc,
                        db -> db.sql("select coalesce(max(seq), 0) from audit_chain").query(Long.class).single())
                .description("audit entries sealed into the hash chain").register(registry);
    }
}
