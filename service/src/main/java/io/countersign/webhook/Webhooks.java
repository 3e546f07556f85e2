package io.countersign.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.intake.CallbackRequested;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.PlanRejected;
import io.countersign.intake.RequestDecided;
import io.countersign.intake.RequestStatus;
import io.countersign.security.AgentTokens;
import io.countersign.token.ApprovalTokens;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Takes callback requests at submit and turns each decided status into a delivery. Both listeners run inside the
 * caller's transaction: a refused callback rolls the submission back, and a delivery is committed with the decision
 * it reports, so a crash can delay a callback but never lose it.
 */
@Component
class Webhooks {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final CallbackTargets targets;
    private final AgentTokens agentTokens;
    private final ApprovalTokens approvalTokens;
    private final ApplicationEventPublisher events;

    Webhooks(JdbcClient jdbc, ObjectMapper json, Clock clock, CallbackTargets targets, AgentTokens agentTokens,
             ApprovalTokens approvalTokens, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.targets = targets;
        this.agentTokens = agentTokens;
        this.approvalTokens = approvalTokens;
        this.events = events;
    }

    @EventListener
    void on(CallbackRequested requested) {
        String tokenId = requested.submitter().credentialId();
        if (!requested.submitter().isAgent() || tokenId == null) {
            throw new PlanRejected("callbackUrl", "only agents can ask for a callback: it is signed with the "
                    + "webhook secret of their token; people follow their requests in the UI");
        }
        if (agentTokens.webhookSecret(tokenId).isEmpty()) {
            throw new PlanRejected("callbackUrl", "this agent token has no webhook secret (it predates webhooks); "
                    + "ask an admin for a new token");
        }
        targets.checkAtSubmit(requested.url());
        jdbc.sql("insert into webhook_subscription (request_id, url, agent_token_id, created_at) values (?, ?, ?, ?)")
                .params(requested.requestId(), requested.url(), tokenId, Timestamp.from(clock.instant()))
                .update();
    }

    @EventListener
    void on(RequestDecided decided) {
        ChangeRequest request = decided.request();
        jdbc.sql("select url from webhook_subscription where request_id = ?").param(request.id())
                .query(String.class).optional()
                .ifPresent(url -> enqueue(request, url));
    }

    private void enqueue(ChangeRequest request, String url) {
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        insert into webhook_delivery (id, request_id, url, body, next_attempt_at, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, request.id(), url, body(request), now, now)
                .update();
        events.publishEvent(new WebhookQueued(id));
    }

    private String body(ChangeRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.id());
        body.put("status", request.status().name());
        if (request.tier() != null) {
            body.put("tier", request.tier().name());
        }
        body.put("planHash", request.submission().planHash());
        body.put("decidedAt", request.updatedAt().toString());
        if (request.status() == RequestStatus.APPROVED) {
            approvalTokens.tokenFor(request.id()).ifPresent(token -> body.put("approvalToken", token));
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body is not serialisable", e);
        }
    }
}
