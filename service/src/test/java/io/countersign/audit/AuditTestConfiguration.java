package io.countersign.audit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** The audit package's beans, without the rest of the application (and its embedded engine). */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
@Import({JdbcAuditLog.class, ChainSealer.class, AuditQueries.class, AuditTriggers.class,
        AuditMethodSecurity.class})
class AuditTestConfiguration {
}
