package io.countersign.audit;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test context a database of its own, because audit rows cannot be deleted afterwards: a fresh H2 file
 * under target/ by default, or a throwaway schema (dropped when the context closes) when the postgres profile points
 * the tests at a shared PostgreSQL.
 */
class AuditTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var env = context.getEnvironment();
        String url = env.getRequiredProperty("spring.datasource.url");
        String name = "audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> properties = new HashMap<>();
        if (url.startsWith("jdbc:postgresql:")) {
            String user = env.getProperty("spring.datasource.username");
            String password = env.getProperty("spring.datasource.password");
            execute(url, user, password, "CREATE SCHEMA " + name);
            properties.put("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
            ApplicationListener<ApplicationEvent> dropOnClose = event -> {
                if (event instanceof ContextClosedEvent) {
                    execute(url, user, password, "DROP SCHEMA " + name + " CASCADE");
                }
            };
            context.addApplicationListener(dropOnClose);
        } else {
            properties.put("countersign.data-dir", "./target/audit-test-db/" + name);
        }
        env.getPropertySources().addFirst(new MapPropertySource("audit-test-database", properties));
    }

    private static void execute(String url, String user, String password, String sql) {
        try (var connection = DriverManager.getConnection(url, user, password);
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the audit test database: " + sql, e);
        }
    }
}
