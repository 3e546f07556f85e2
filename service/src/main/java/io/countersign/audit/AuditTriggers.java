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
 * Installs the audit triggers after every Flyway migrate: one that refuses UPDATE, DELETE and TRUNCATE on audit rows,
 * and one that queues every new entry for the chain sealer ({@code audit_pending}) inside the inserting statement, so
 * that no entry, however it was inserted, can miss the chain, and an append costs the business transaction a single
 * statement. They are not in V2__audit.sql because trigger bodies differ by database (PL/pgSQL on PostgreSQL, Java
 * classes on H2) and one migration must run on both. Creating them idempotently after each migrate, rather than as a
 * versioned Java migration, keeps the schema history identical whether or not a given application context contains
 * this bean.
 */
@Component
class AuditTriggers implements Callback {

    static final List<String> TABLES = List.of("audit_entry", "audit_chain", "audit_merkle_node", "audit_log_key",
            "audit_checkpoint");

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
            throw new IllegalStateException("cannot install the audit triggers", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "audit-triggers";
    }

    static void install(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        try (Statement statement = connection.createStatement()) {
            if (product.startsWith("PostgreSQL")) {
                installPostgres(statement);
            } else if (product.startsWith("H2")) {
                installH2(statement);
            } else {
                throw new IllegalStateException("no audit triggers for " + product);
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
        // The queue is named with its schema because the trigger runs under the inserting session's search_path.
        String pending = quoted(sql.getConnection().getSchema()) + ".audit_pending";
        sql.execute("""
                CREATE OR REPLACE FUNCTION audit_queue_for_sealing() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO %s (entry_id) VALUES (NEW.id);
                    RETURN NULL;
                END
                $$""".formatted(pending));
        sql.execute("CREATE OR REPLACE TRIGGER audit_entry_queue AFTER INSERT ON audit_entry"
                + " FOR EACH ROW EXECUTE FUNCTION audit_queue_for_sealing()");
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** H2 has no TRUNCATE trigger; it refuses to truncate these tables anyway because of the chain's foreign key. */
    private static void installH2(Statement sql) throws SQLException {
        for (String table : TABLES) {
            sql.execute("CREATE TRIGGER IF NOT EXISTS " + table + "_append_only BEFORE UPDATE, DELETE ON " + table
                    + " FOR EACH ROW CALL '" + H2AppendOnlyTrigger.class.getName() + "'");
        }
        sql.execute("CREATE TRIGGER IF NOT EXISTS audit_entry_queue AFTER INSERT ON audit_entry"
                + " FOR EACH ROW CALL '" + H2QueueTrigger.class.getName() + "'");
    }
}
