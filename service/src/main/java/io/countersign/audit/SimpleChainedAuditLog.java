package io.countersign.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Interim chained audit log: the head row is locked for the caller's transaction. */
@Component
class SimpleChainedAuditLog implements AuditLog {

    private static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    SimpleChainedAuditLog(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public synchronized long append(AuditEvent e) {
        var head = jdbc.sql("select seq, hash from audit_entry order by seq desc limit 1 for update")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional();
        long seq = head.map(h -> (Long) h[0] + 1).orElse(1L);
        String prev = head.map(h -> (String) h[1]).orElse(GENESIS);
        String details = write(e);
        String hash = sha256(prev + details);
        jdbc.sql("""
                        insert into audit_entry (seq, occurred_at, event_type, request_id, actor, actor_kind, remote_address,
                          plan_hash, agent_id, requested_by, service, environment, tier, outcome, comment, details,
                          prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(seq, Timestamp.from(clock.instant()), e.type(), e.requestId(), e.actor(), e.actorKind(),
                        e.remoteAddress(), e.planHash(), e.agentId(), e.requestedBy(), e.service(), e.environment(),
                        e.tier(), e.outcome(), e.comment(), details, prev, hash)
                .update();
        return seq;
    }

    private String write(AuditEvent e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
