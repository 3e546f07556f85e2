package io.countersign.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 counterpart of the PostgreSQL trigger that queues every new audit entry for the chain sealer. Public only
 * because H2 instantiates it by name; nothing else should use it.
 */
public final class H2QueueTrigger implements Trigger {

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        try (var queue = conn.prepareStatement("INSERT INTO audit_pending (entry_id) VALUES (?)")) {
            // The id is the first column of audit_entry (V2__audit.sql).
            queue.setObject(1, newRow[0]);
            queue.executeUpdate();
        }
    }
}
