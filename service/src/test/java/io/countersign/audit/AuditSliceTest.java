package io.countersign.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureJdbc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * One narrow context for every audit test: the auditor controller, JDBC, Flyway and the audit beans. All test classes
 * share it, so it starts once per run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// The web task list's advice and MVC configuration need the whole application; the auditor API does not.
@WebMvcTest(controllers = {AuditController.class, CheckpointController.class},
        excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.countersign\\.(ui|web)\\..*"))
@AutoConfigureJdbc
@Import(AuditTestConfiguration.class)
@ContextConfiguration(initializers = AuditTestDatabase.class)
@interface AuditSliceTest {
}
