package io.countersign.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Reads audit rows: sealed ones from a select list that starts with {@link #CHAINED_COLUMNS}, unsealed ones by name. */
final class AuditRows {

    static final String ENTRY_COLUMNS = "e.id, e.occurred_at, e.event_type, e.request_id, e.actor, e.actor_kind, "
            + "e.remote_address, e.plan_hash, e.agent_id, e.requested_by, e.service, e.environment, e.tier, "
            + "e.outcome, e.comment, e.details";

    static final String CHAINED_COLUMNS = "c.seq, " + ENTRY_COLUMNS + ", c.prev_hash, c.hash";

    private AuditRows() {
    }

    /**
     * An entry with its chain position, from a select list that starts with {@link #CHAINED_COLUMNS}, read by
     * position: the chain walks read millions of rows, and looking each column up by name was a measurable part of
     * that.
     */
    static AuditEntry entry(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        Long position = rs.wasNull() ? null : seq;
        return new AuditEntry(position, rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19));
    }

    /** For rows that have no chain columns (the sealer reads unsealed entries). */
    static AuditEntry unsealed(ResultSet rs) throws SQLException {
        return new AuditEntry(null, rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("event_type"), rs.getString("request_id"), rs.getString("actor"),
                rs.getString("actor_kind"), rs.getString("remote_address"), rs.getString("plan_hash"),
                rs.getString("agent_id"), rs.getString("requested_by"), rs.getString("service"),
                rs.getString("environment"), rs.getString("tier"), rs.getString("outcome"), rs.getString("comment"),
                rs.getString("details"), null, null);
    }
}
