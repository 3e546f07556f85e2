package io.countersign.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.stereotype.Component;

/**
 * Installs the triggers that refuse UPDATE, DELETE and TRUNCATE on audit rows, after every Flyway migrate. They are
 * not in V2__audit.sql because the trigger body differs by database (PL/pgSQL on PostgreSQL, a Java class on H2) and
 * one migration must run on both. Creating them idempotently after each migrate, rather than as a versioned Java
 * migration, keeps the schema history identical whether or not a given application context contains this bean.
 */
@Component
class AppendOnlyGuards implements Callback {

    static final List<String> TABLES = List.of("audit_entry", "audit_chain");

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            install(context.getConnection());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install the audit append-only triggers", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "audit-append-only-guards";
    }

    static void install(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        try (Statement statement = connection.createStatement()) {
            if (product.startsWith("PostgreSQL")) {
                installPostgres(statement);
            } else if (product.startsWith("H2")) {
                installH2(statement);
            } else {
                throw new IllegalStateException("no append-only trigger for " + product);
            }
        }
    }

    private static void installPostgres(Statement sql) throws SQLException {
        // Instances starting together would otherwise race on CREATE OR REPLACE ("tuple concurrently updated").
        sql.execute("SELECT pg_advisory_xact_lock(4242001)");
        sql.execute("""
                CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only: audit rows are never updated or deleted (% refused)',
                        TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
                END
                $$""");
        for (String table : TABLES) {
            sql.execute("CREATE OR REPLACE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()");
            sql.execute("CREATE OR REPLACE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + table
                    + " FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()");
        }
    }

    /** H2 has no TRUNCATE trigger; it refuses to truncate these tables anyway because of the chain's foreign key. */
    private static void installH2(Statement sql) throws SQLException {
        for (String table : TABLES) {
            sql.execute("CREATE TRIGGER IF NOT EXISTS " + table + "_append_only BEFORE UPDATE, DELETE ON " + table
                    + " FOR EACH ROW CALL '" + H2AppendOnlyTrigger.class.getName() + "'");
        }
    }
}
