package io.countersign.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 counterpart of the PostgreSQL trigger that keeps audit rows append-only. Public only because H2 instantiates
 * it by name; nothing else should use it.
 */
public final class H2AppendOnlyTrigger implements Trigger {

    private String table;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException(table + " is append-only: audit rows are never updated or deleted", "23001");
    }
}
