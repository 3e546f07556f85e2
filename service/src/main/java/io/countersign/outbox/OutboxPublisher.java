package io.countersign.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends outbox rows to the engine: right after their transaction commits, and again on a sweep for anything a crash
 * or an unreachable engine left behind.
 */
@Component
class OutboxPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final Duration MESSAGE_TTL = Duration.ofHours(1);
    private static final Duration CLAIM = Duration.ofSeconds(30);
    private static final Duration DEPLOYMENT_WAIT = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final CamundaClient camunda;
    private final Clock clock;
    private final DeployedProcess deployed;
    private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();

    OutboxPublisher(JdbcClient jdbc, ObjectMapper json, CamundaClient camunda, Clock clock, DeployedProcess deployed) {
        this.deployed = deployed;
        this.jdbc = jdbc;
        this.json = json;
        this.camunda = camunda;
        this.clock = clock;
    }

    void sendSoon(long id) {
        sender.execute(() -> {
            awaitDeployment();
            send(id);
        });
    }

    /**
     * A request submitted while the application is still deploying its workflow waits here rather than for the
     * next sweep, which may be minutes away; past the wait, the row is left to the sweep.
     */
    private void awaitDeployment() {
        try {
            deployed.awaitDeployment(DEPLOYMENT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Scheduled(fixedDelayString = "${countersign.outbox.sweep-interval:PT1S}", initialDelayString = "PT2S")
    void sweep() {
        List<Long> pending = jdbc.sql("select id from outbox where published_at is null order by id limit 500")
                .query(Long.class)
                .list();
        pending.forEach(this::send);
    }

    void send(long id) {
        if (!claim(id)) {
            return;
        }
        var row = jdbc.sql("select kind, payload from outbox where id = ? and published_at is null")
                .param(id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional();
        if (row.isEmpty()) {
            return;
        }
        try {
            OutboxMessage message = json.readValue(row.get()[1], OutboxMessage.class);
            if (Outbox.START_PROCESS.equals(row.get()[0])) {
                start(message);
            } else {
                publish(message);
            }
            jdbc.sql("update outbox set published_at = ?, attempts = attempts + 1 where id = ? and published_at is null")
                    .params(Timestamp.from(clock.instant()), id)
                    .update();
        } catch (JsonProcessingException e) {
            fail(id, "unreadable payload: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            log.warn("Outbox row {} not sent yet: {}", id, e.getMessage());
            fail(id, e.getMessage());
        }
    }

    /** Takes the row for a while so that the after-commit send and a sweep never send it at the same time. */
    private boolean claim(long id) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update outbox set claimed_until = ?
                        where id = ? and published_at is null and (claimed_until is null or claimed_until < ?)""")
                .params(Timestamp.from(now.plus(CLAIM)), id, Timestamp.from(now))
                .update() == 1;
    }

    /** Starts our own definition by its key; before it is known the row stays for the sweep, never "latest". */
    private void start(OutboxMessage message) {
        long definition = deployed.processDefinitionKey().orElseThrow(WorkflowNotDeployedYet::new);
        camunda.newCreateInstanceCommand()
                .processDefinitionKey(definition)
                .variables(message.variables())
                .send()
                .join();
    }

    private void publish(OutboxMessage message) {
        try {
            camunda.newPublishMessageCommand()
                    .messageName(message.name())
                    .correlationKey(message.correlationKey())
                    .messageId(message.messageId())
                    .timeToLive(MESSAGE_TTL)
                    .variables(message.variables())
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            // A message with this id is already buffered: an earlier send got through before the crash.
            if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    private void fail(long id, String error) {
        String shortened = error == null ? "unknown" : error.substring(0, Math.min(error.length(), 1000));
        jdbc.sql("update outbox set attempts = attempts + 1, last_error = ?, claimed_until = null where id = ?")
                .params(shortened, id)
                .update();
    }

    @Override
    public void destroy() {
        sender.shutdown();
    }
}
