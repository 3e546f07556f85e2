package io.countersign.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Reads audit rows; every query selects the entry columns plus seq, prev_hash and hash under these names. */
final class AuditRows {

    static final String ENTRY_COLUMNS = "e.id, e.occurred_at, e.event_type, e.request_id, e.actor, e.actor_kind, "
            + "e.remote_address, e.plan_hash, e.agent_id, e.requested_by, e.service, e.environment, e.tier, "
            + "e.outcome, e.comment, e.details";

    static final String CHAINED_COLUMNS = "c.seq, " + ENTRY_COLUMNS + ", c.prev_hash, c.hash";

    private AuditRows() {
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        Long position = rs.wasNull() ? null : seq;
        return new AuditEntry(position, rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("event_type"), rs.getString("request_id"), rs.getString("actor"),
                rs.getString("actor_kind"), rs.getString("remote_address"), rs.getString("plan_hash"),
                rs.getString("agent_id"), rs.getString("requested_by"), rs.getString("service"),
                rs.getString("environment"), rs.getString("tier"), rs.getString("outcome"), rs.getString("comment"),
                rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash"));
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
