package io.countersign.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Turns on {@code @PreAuthorize} for the audit slice tests, which run without the security package's configuration
 * (that one enables it for the application).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class AuditMethodSecurity {
}
