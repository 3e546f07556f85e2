package io.countersign.intake;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Emergencies asked for on submit, stored with the request they came with (in its transaction). */
@Repository
public class EmergencyClaims {

    private final JdbcClient jdbc;

    EmergencyClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String requestId, EmergencyClaim.Asked asked, Instant at) {
        jdbc.sql("""
                        insert into emergency_submission (request_id, invoked_by, reason, incident_ref, asked_at, state)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(requestId, asked.invokedBy(), asked.reason(), asked.incidentRef(), Timestamp.from(at),
                        EmergencyClaim.State.ASKED.name())
                .update();
    }

    public Optional<EmergencyClaim> find(String requestId) {
        return jdbc.sql("select * from emergency_submission where request_id = ?").param(requestId)
                .query((rs, n) -> new EmergencyClaim(rs.getString("request_id"), rs.getString("invoked_by"),
                        rs.getString("reason"), rs.getString("incident_ref"),
                        rs.getTimestamp("asked_at").toInstant(),
                        EmergencyClaim.State.valueOf(rs.getString("state")), rs.getString("note")))
                .optional();
    }

    /** Settles a claim that is still open; false when it was settled already (the caller lost a race). */
    public boolean settle(String requestId, EmergencyClaim.State state, String note) {
        return jdbc.sql("update emergency_submission set state = ?, note = ? where request_id = ? and state = ?")
                .params(state.name(), note, requestId, EmergencyClaim.State.ASKED.name())
                .update() == 1;
    }
}
