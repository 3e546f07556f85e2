package io.countersign.audit;

import io.countersign.common.AfterCommit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the entry, in the caller's transaction (or a new one if there is none), and nothing else: the insert trigger
 * queues it for the sealer in the same statement (AuditTriggers), no chain head is read or locked here, so concurrent
 * business transactions never wait for each other. The sealer is woken after commit.
 */
@Component
class JdbcAuditLog implements AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final TransactionTemplate inCallersTransaction;
    private final ChainSealer sealer;
    private final Clock clock;

    @Autowired
    JdbcAuditLog(JdbcClient jdbc, PlatformTransactionManager transactions, ChainSealer sealer) {
        this(jdbc, transactions, sealer, Clock.systemUTC());
    }

    JdbcAuditLog(JdbcClient jdbc, PlatformTransactionManager transactions, ChainSealer sealer, Clock clock) {
        this.jdbc = jdbc;
        this.inCallersTransaction = new TransactionTemplate(transactions);
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    public long append(AuditEvent event) {
        String details = canonicalDetails(event.details());
        // Micros: what both databases store, so the hash computed later sees the same instant.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Long id = inCallersTransaction.execute(status -> {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO audit_entry (occurred_at, event_type, request_id, actor, actor_kind, remote_address,
                        plan_hash, agent_id, requested_by, service, environment, tier, outcome, comment, details)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(now.atOffset(ZoneOffset.UTC), event.type(), event.requestId(), event.actor(),
                            event.actorKind(), event.remoteAddress(), event.planHash(), event.agentId(),
                            event.requestedBy(), event.service(), event.environment(), event.tier(), event.outcome(),
                            event.comment(), details)
                    .update(keys, "id");
            wakeSealerAfterCommit();
            return keys.getKeyAs(Long.class);
        });
        return id;
    }

    private void wakeSealerAfterCommit() {
        AfterCommit.run(sealer::wake);
    }

    static String canonicalDetails(Map<String, Object> details) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(details)).getEncodedString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be serialisable as JSON", e);
        } catch (IOException e) {
            throw new IllegalStateException("Jackson wrote JSON the canonicaliser could not read", e);
        }
    }
}
