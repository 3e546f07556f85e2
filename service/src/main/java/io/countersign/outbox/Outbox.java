package io.countersign.outbox;

import io.countersign.common.AfterCommit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * Engine commands that must follow a database commit. They are written in the caller's transaction and sent after
 * it commits; a crash in between leaves the row to be sent by the next sweep, and the engine refuses a repeated
 * message id, so nothing is lost and nothing counts twice.
 */
@Component
public class Outbox {

    static final String START_PROCESS = "START_PROCESS";
    static final String PUBLISH_MESSAGE = "PUBLISH_MESSAGE";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final OutboxPublisher publisher;

    Outbox(JdbcClient jdbc, ObjectMapper json, Clock clock, OutboxPublisher publisher) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** Starts the change-request process for a request once the caller's transaction commits. */
    public void startProcess(String requestId, Map<String, Object> variables) {
        enqueue(START_PROCESS, new OutboxMessage(null, requestId, requestId, variables));
    }

    /** Publishes a message once the caller's transaction commits; {@code messageId} makes repeats harmless. */
    public void publishMessage(String name, String correlationKey, String messageId, Map<String, Object> variables) {
        enqueue(PUBLISH_MESSAGE, new OutboxMessage(name, correlationKey, messageId, variables));
    }

    private void enqueue(String kind, OutboxMessage message) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into outbox (kind, payload, created_at) values (?, ?, ?)")
                .params(kind, write(message), Timestamp.from(clock.instant()))
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        AfterCommit.run(() -> publisher.sendSoon(id));
    }

    private String write(OutboxMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox message is not serialisable", e);
        }
    }
}
