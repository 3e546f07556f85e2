package io.countersign.stall;

import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.RequestAudit;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

    private static final String COLUMNS = "id, request_id, process_instance_key, job_key, step, reason, stalled_at";

    private final JdbcClient jdbc;
    private final ChangeRequestRepository requests;
    private final RequestAudit audit;
    private final Clock clock;

    StalledRequests(JdbcClient jdbc, ChangeRequestRepository requests, RequestAudit audit, Clock clock) {
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
        var request = requests.find(requestId);
        if (request.isEmpty()) {
            return;
        }
        if (current(requestId).isEmpty()) {
            jdbc.sql("insert into stalled_request (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID().toString(), requestId, processInstanceKey, jobKey, step,
                            shorten(reason), Timestamp.from(clock.instant()))
                    .update();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", step);
        details.put("reason", reason);
        if (jobKey != null) {
            details.put("jobKey", jobKey);
        }
        if (processInstanceKey != null) {
            details.put("processInstanceKey", processInstanceKey);
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

    /** Every open stall, oldest first. */
    public List<Stall> open(int limit) {
        return jdbc.sql("select " + COLUMNS + " from stalled_request where resolved_at is null order by stalled_at limit ?")
                .param(limit)
                .query(StalledRequests::row)
                .list();
    }

    private static Stall row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Stall(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                (Long) rs.getObject(4, Long.class), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant());
    }

    private static String shorten(String reason) {
        String text = reason == null ? "unknown" : reason;
        return text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
