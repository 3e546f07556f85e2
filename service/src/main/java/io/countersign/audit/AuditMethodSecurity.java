package io.countersign.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Turns on {@code @PreAuthorize}, which guards the auditor API. Security as a whole belongs to the security package;
 * once it enables method security itself, this class should go.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class AuditMethodSecurity {
}
