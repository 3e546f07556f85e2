package io.countersign.stall;

import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.RequestAudit;
import io.countersign.intake.RequestDecided;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests the workflow can no longer move. A worker that refuses a step for good records the stall here (and then
 * fails its job with no retries, so the engine shows an incident): the request is never silently stuck.
 */
@Service
public class StalledRequests {

    private static final String COLUMNS = "id, request_id, process_instance_key, job_key, step, reason, stalled_at, "
            + "element_instance_key, element_id, expires_at";
    /** Who resolves a stall when the request reaches a decided status by another path (expiry, a decision). */
    static final String WORKFLOW = "countersign";

    private final JdbcClient jdbc;
    private final ChangeRequestRepository requests;
    private final RequestAudit audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    StalledRequests(JdbcClient jdbc, ChangeRequestRepository requests, RequestAudit audit, Clock clock,
                    ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records, in its own transaction (the caller's may roll back), that a step of this request was refused, with a
     * {@code STALLED} audit entry. A request already stalled keeps its first open stall; the refusal is audited again.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void stall(String requestId, Long processInstanceKey, Long jobKey, String step, String reason) {
        stall(requestId, new StalledJob(processInstanceKey, jobKey, null, null, step), reason);
    }

    /**
     * As {@link #stall(String, Long, Long, String, String)}, with the element instance the job belongs to, so that an
     * admin can retry the step.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void stall(String requestId, StalledJob job, String reason) {
        var request = requests.find(requestId);
        if (request.isEmpty()) {
            return;
        }
        if (current(requestId).isEmpty()) {
            jdbc.sql("insert into stalled_request (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, null)")
                    .params(UUID.randomUUID().toString(), requestId, job.processInstanceKey(), job.jobKey(),
                            job.type(), shorten(reason), Timestamp.from(clock.instant()), job.elementInstanceKey(),
                            job.elementId())
                    .update();
            events.publishEvent(new RequestStalled(requestId, job.type(), reason));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", job.type());
        details.put("reason", reason);
        if (job.jobKey() != null) {
            details.put("jobKey", job.jobKey());
        }
        if (job.processInstanceKey() != null) {
            details.put("processInstanceKey", job.processInstanceKey());
        }
        audit.system("STALLED", request.get(), "STALLED", details);
    }

    /** The open stall of a request, if it has one. */
    public Optional<Stall> current(String requestId) {
        return jdbc.sql("select " + COLUMNS + " from stalled_request where request_id = ? and resolved_at is null")
                .param(requestId)
                .query(StalledRequests::row)
                .optional();
    }

    /** The open stall of each of these requests that has one, by request id. */
    public Map<String, Stall> current(java.util.Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Stall> byRequest = new LinkedHashMap<>();
        jdbc.sql("select " + COLUMNS + " from stalled_request where request_id in (:ids) and resolved_at is null")
                .param("ids", List.copyOf(new java.util.LinkedHashSet<>(requestIds)))
                .query(StalledRequests::row)
                .list()
                .forEach(stall -> byRequest.put(stall.requestId(), stall));
        return byRequest;
    }

    /** Every open stall, oldest first. */
    public List<Stall> open(int limit) {
        return jdbc.sql("select " + COLUMNS + " from stalled_request where resolved_at is null order by stalled_at limit ?")
                .param(limit)
                .query(StalledRequests::row)
                .list();
    }

    /** How many requests are stalled now. */
    public int count() {
        return jdbc.sql("select count(*) from stalled_request where resolved_at is null").query(Integer.class).single();
    }

    /**
     * A request that reaches a decided status by another path (it expired, it was withdrawn) is no longer stuck: its
     * stall is resolved with that status, in the transaction that decided it.
     */
    @EventListener
    void on(RequestDecided decided) {
        current(decided.request().id())
                .ifPresent(s -> resolve(s.id(), decided.request().status().name(), WORKFLOW));
    }

    /** Resolves this stall if it is still open; false if someone else resolved it first. */
    boolean resolve(String stallId, String resolution, String by) {
        return jdbc.sql("""
                        update stalled_request set resolved_at = ?, resolution = ?, resolved_by = ?
                        where id = ? and resolved_at is null""")
                .params(Timestamp.from(clock.instant()), resolution, by, stallId)
                .update() == 1;
    }

    /** Sets the stall's deadline on the engine's clock, once. */
    void deadline(String stallId, java.time.Instant expiresAt) {
        jdbc.sql("update stalled_request set expires_at = ? where id = ? and expires_at is null")
                .params(Timestamp.from(expiresAt), stallId)
                .update();
    }

    private static Stall row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp expiresAt = rs.getTimestamp(10);
        return new Stall(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                (Long) rs.getObject(4, Long.class), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant(), (Long) rs.getObject(8, Long.class), rs.getString(9),
                expiresAt == null ? null : expiresAt.toInstant());
    }

    private static String shorten(String reason) {
        String text = reason == null ? "unknown" : reason;
        return text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
