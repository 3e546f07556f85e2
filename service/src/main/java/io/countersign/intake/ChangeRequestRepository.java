package io.countersign.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.policy.Classification;
import io.countersign.policy.Tier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Change requests in the database. Updates are guarded by the status they were read in. */
@Repository
public class ChangeRequestRepository {

    private static final String COLUMNS = """
            id, title, justification, requested_by, submitted_by, submitter_kind, agent_id, agent_name, service,
            environment, plan_json, plan_hash, status, tier, tier_reason, rule_id, required_approvals,
            approver_groups, require_each_group, comment_required, sla_duration, expiry_duration, approval_window,
            approval_expires_at, outcome_reason, execution_outcome, revision_of, process_instance_key,
            idempotency_key, body_fingerprint, created_at, updated_at, submitted_token_id, requester_side""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ChangeRequestRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(ChangeRequest request) {
        Submission s = request.submission();
        ChangePlan plan = s.plan();
        jdbc.sql("""
                        insert into change_request (id, title, justification, requested_by, submitted_by, submitter_kind,
                          agent_id, agent_name, service, environment, plan_json, plan_hash, status, revision_of,
                          idempotency_key, body_fingerprint, created_at, updated_at, submitted_token_id, requester_side)
                        values (:id, :title, :justification, :requestedBy, :submittedBy, :submitterKind, :agentId,
                          :agentName, :service, :environment, :planJson, :planHash, :status, :revisionOf,
                          :idempotencyKey, :bodyFingerprint, :createdAt, :createdAt, :submittedTokenId, :requesterSide)""")
                .param("id", s.id())
                .param("title", plan.title())
                .param("justification", plan.justification())
                .param("requestedBy", plan.requestedBy())
                .param("submittedBy", s.submittedBy())
                .param("submitterKind", s.submitterKind())
                .param("agentId", s.agentId())
                .param("agentName", plan.agent() == null ? null : plan.agent().name())
                .param("service", plan.service())
                .param("environment", plan.environment())
                .param("planJson", s.planJson())
                .param("planHash", s.planHash())
                .param("status", request.status().name())
                .param("revisionOf", plan.revisionOf())
                .param("idempotencyKey", s.idempotencyKey())
                .param("bodyFingerprint", s.bodyFingerprint())
                .param("createdAt", Timestamp.from(s.createdAt()))
                .param("submittedTokenId", s.submittedTokenId())
                .param("requesterSide", String.join(",", s.requesterSide().stream().sorted().toList()))
                .update();
    }

    /** Writes the mutable state back if nobody changed the status in between; false if somebody did. */
    public boolean update(ChangeRequest request, RequestStatus readIn) {
        Classification c = request.classification();
        int rows = jdbc.sql("""
                        update change_request set status = :status, tier = :tier, tier_reason = :reason,
                          rule_id = :ruleId, required_approvals = :required, approver_groups = :groups,
                          require_each_group = :eachGroup, comment_required = :commentRequired,
                          sla_duration = :sla, expiry_duration = :expiry, approval_window = :window,
                          approval_expires_at = :approvalExpiresAt, outcome_reason = :outcomeReason,
                          execution_outcome = :executionOutcome, process_instance_key = :processInstanceKey,
                          updated_at = :updatedAt
                        where id = :id and status = :readIn""")
                .param("status", request.status().name())
                .param("tier", c == null ? null : c.tier().name())
                .param("reason", c == null ? null : c.reason())
                .param("ruleId", c == null ? null : c.ruleId())
                .param("required", c == null ? null : c.requiredApprovals())
                .param("groups", c == null ? null : String.join(",", c.approverGroups()))
                .param("eachGroup", c == null ? null : c.requireEachGroup())
                .param("commentRequired", c == null ? null : c.commentRequired())
                .param("sla", c == null ? null : c.slaDuration().toString())
                .param("expiry", c == null ? null : c.expiryDuration().toString())
                .param("window", c == null ? null : c.approvalWindow().toString())
                .param("approvalExpiresAt", timestamp(request.approvalExpiresAt()))
                .param("outcomeReason", request.outcomeReason())
                .param("executionOutcome", request.executionOutcome())
                .param("processInstanceKey", request.processInstanceKey())
                .param("updatedAt", Timestamp.from(request.updatedAt()))
                .param("id", request.id())
                .param("readIn", readIn.name())
                .update();
        return rows == 1;
    }

    public Optional<ChangeRequest> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from change_request where id = ?")
                .param(id)
                .query(this::map)
                .optional();
    }

    /** Reads the row and locks it until the end of the transaction, so concurrent writers queue up. */
    public Optional<ChangeRequest> findForUpdate(String id) {
        return jdbc.sql("select " + COLUMNS + " from change_request where id = ? for update")
                .param(id)
                .query(this::map)
                .optional();
    }

    Optional<ChangeRequest> findByIdempotencyKey(String submittedBy, String key) {
        return jdbc.sql("select " + COLUMNS + " from change_request where submitted_by = ? and idempotency_key = ?")
                .params(submittedBy, key)
                .query(this::map)
                .optional();
    }

    public List<ChangeRequest> findByRequester(String requestedBy, int limit) {
        return jdbc.sql("select " + COLUMNS
                        + " from change_request where requested_by = ? order by created_at desc limit ?")
                .params(requestedBy, limit)
                .query(this::map)
                .list();
    }

    public RequestStatus statusOf(String id) {
        return jdbc.sql("select status from change_request where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(RequestStatus::valueOf)
                .orElse(null);
    }

    private ChangeRequest map(ResultSet rs, int row) throws SQLException {
        ChangePlan plan = readPlan(rs.getString("plan_json"));
        Submission submission = new Submission(
                rs.getString("id"), plan, rs.getString("plan_json"), rs.getString("plan_hash"),
                rs.getString("submitted_by"), rs.getString("submitter_kind"), rs.getString("idempotency_key"),
                rs.getString("body_fingerprint"), instant(rs, "created_at"), rs.getString("submitted_token_id"),
                split(rs.getString("requester_side")));
        // Read as an object: wasNull() after further reads would answer for the last column read, not this one.
        Long key = rs.getObject("process_instance_key", Long.class);
        return new ChangeRequest(submission, RequestStatus.valueOf(rs.getString("status")), classification(rs),
                instant(rs, "approval_expires_at"), rs.getString("outcome_reason"),
                rs.getString("execution_outcome"), key, instant(rs, "updated_at"));
    }

    private static Classification classification(ResultSet rs) throws SQLException {
        String tier = rs.getString("tier");
        if (tier == null) {
            return null;
        }
        String groups = rs.getString("approver_groups");
        return new Classification(Tier.valueOf(tier), rs.getString("tier_reason"), rs.getString("rule_id"),
                rs.getInt("required_approvals"),
                groups == null || groups.isEmpty() ? List.of() : Arrays.asList(groups.split(",")),
                rs.getBoolean("require_each_group"), rs.getBoolean("comment_required"),
                Duration.parse(rs.getString("sla_duration")), Duration.parse(rs.getString("expiry_duration")),
                Duration.parse(rs.getString("approval_window")));
    }

    private ChangePlan readPlan(String planJson) {
        try {
            return json.readValue(planJson, ChangePlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan is not readable", e);
        }
    }

    private static java.util.Set<String> split(String joined) {
        return joined == null || joined.isEmpty() ? java.util.Set.of() : java.util.Set.of(joined.split(","));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
