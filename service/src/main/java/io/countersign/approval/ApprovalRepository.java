package io.countersign.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.countersign.policy.Tier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Approval tasks, the groups they are routed to, and the decisions taken on them. */
@Repository
class ApprovalRepository {

    private static final String TASK_COLUMNS = """
            t.id, t.request_id, t.status, t.approver_groups, t.escalation_groups, t.escalated, t.claimed_by,
            t.opened_at, t.sla_due_at, t.expires_at, t.concluded_outcome, t.concluded_by, t.concluded_at""";

    private final JdbcClient jdbc;

    ApprovalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertTask(ApprovalTask task) {
        jdbc.sql("""
                        insert into approval_task (id, request_id, status, approver_groups, escalation_groups, escalated,
                          opened_at, sla_due_at, expires_at)
                        values (?, ?, 'OPEN', ?, '', false, ?, ?, ?)""")
                .params(task.id(), task.requestId(), String.join(",", task.approverGroups()),
                        Timestamp.from(task.openedAt()), ts(task.slaDueAt()), ts(task.expiresAt()))
                .update();
        task.approverGroups().forEach(group -> addGroup(task.id(), group));
    }

    void addGroup(String taskId, String group) {
        jdbc.sql("""
                        insert into approval_task_group (task_id, group_name)
                        select ?, ? where not exists
                          (select 1 from approval_task_group where task_id = ? and group_name = ?)""")
                .params(taskId, group, taskId, group)
                .update();
    }

    void markEscalated(String taskId, List<String> escalationGroups) {
        jdbc.sql("update approval_task set escalated = true, escalation_groups = ? where id = ?")
                .params(String.join(",", escalationGroups), taskId)
                .update();
        escalationGroups.forEach(group -> addGroup(taskId, group));
    }

    void close(String taskId, Instant now) {
        jdbc.sql("update approval_task set status = 'CLOSED', closed_at = ? where id = ? and status = 'OPEN'")
                .params(Timestamp.from(now), taskId)
                .update();
    }

    /**
     * Stores the approval's conclusion and closes the task, once: a task already concluded keeps its first
     * conclusion. Returns whether this call concluded it.
     */
    boolean conclude(String taskId, Conclusion conclusion) {
        return jdbc.sql("""
                        update approval_task set status = 'CLOSED', closed_at = ?, concluded_outcome = ?,
                          concluded_by = ?, concluded_at = ?
                        where id = ? and concluded_outcome is null""")
                .params(Timestamp.from(conclusion.at()), conclusion.outcome().name(), conclusion.by(),
                        Timestamp.from(conclusion.at()), taskId)
                .update() == 1;
    }

    boolean claim(String taskId, String by) {
        return jdbc.sql("update approval_task set claimed_by = ? where id = ? and status = 'OPEN' and claimed_by is null")
                .params(by, taskId)
                .update() == 1;
    }

    boolean unclaim(String taskId, String by) {
        return jdbc.sql("update approval_task set claimed_by = null where id = ? and claimed_by = ?")
                .params(taskId, by)
                .update() == 1;
    }

    Optional<ApprovalTask> task(String taskId) {
        return jdbc.sql("select " + TASK_COLUMNS + " from approval_task t where t.id = ?")
                .param(taskId)
                .query(ApprovalRepository::mapTask)
                .optional();
    }

    /**
     * The task as it is now, locked until the transaction ends. Called under the request's row lock: reading the
     * task again with its own lock, rather than trusting a read made before the request lock was granted, is what
     * lets a decision see a conclusion committed while it waited.
     */
    Optional<ApprovalTask> taskForUpdate(String taskId) {
        return jdbc.sql("select " + TASK_COLUMNS + " from approval_task t where t.id = ? for update")
                .param(taskId)
                .query(ApprovalRepository::mapTask)
                .optional();
    }

    /** Which request a task belongs to (a plain read, to know which request row to lock). */
    Optional<String> requestOfTask(String taskId) {
        return jdbc.sql("select request_id from approval_task where id = ?")
                .param(taskId)
                .query(String.class)
                .optional();
    }

    Optional<ApprovalTask> taskForRequest(String requestId) {
        return jdbc.sql("select " + TASK_COLUMNS + " from approval_task t where t.request_id = ?")
                .param(requestId)
                .query(ApprovalRepository::mapTask)
                .optional();
    }

    void insertDecision(Decision d) {
        jdbc.sql("""
                        insert into decision (id, task_id, request_id, approver, approver_kind, approver_groups, outcome,
                          comment, remote_address, decided_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.id(), d.taskId(), d.requestId(), d.approver(), d.approverKind(),
                        String.join(",", d.approverGroups()), d.outcome().name(), d.comment(), d.remoteAddress(),
                        Timestamp.from(d.decidedAt()))
                .update();
    }

    List<Decision> decisions(String requestId) {
        return jdbc.sql("""
                        select id, task_id, request_id, approver, approver_kind, approver_groups, outcome, comment,
                          remote_address, decided_at
                        from decision where request_id = ? order by decided_at, id""")
                .param(requestId)
                .query((rs, n) -> new Decision(rs.getString("id"), rs.getString("task_id"),
                        rs.getString("request_id"), rs.getString("approver"), rs.getString("approver_kind"),
                        split(rs.getString("approver_groups")), DecisionOutcome.valueOf(rs.getString("outcome")),
                        rs.getString("comment"), rs.getString("remote_address"),
                        rs.getTimestamp("decided_at").toInstant()))
                .list();
    }

    Map<String, Integer> approvalCounts(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> counts = new HashMap<>();
        jdbc.sql("""
                        select request_id, count(*) as approvals from decision
                        where outcome = 'APPROVE' and request_id in (:ids) group by request_id""")
                .param("ids", requestIds)
                .query(rs -> {
                    counts.put(rs.getString("request_id"), rs.getInt("approvals"));
                });
        return counts;
    }

    List<InboxEntry> inbox(Collection<String> groups, int limit) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select t.id as task_id, r.id as request_id, r.title, r.service, r.environment, r.tier,
                          r.requested_by, r.agent_id, r.agent_name, r.created_at, t.sla_due_at, t.expires_at,
                          t.escalated, t.claimed_by, r.required_approvals,
                          (select count(*) from decision d where d.task_id = t.id and d.outcome = 'APPROVE') as approvals
                        from approval_task t join change_request r on r.id = t.request_id
                        where t.status = 'OPEN'
                          and exists (select 1 from approval_task_group g where g.task_id = t.id and g.group_name in (:groups))
                        order by t.sla_due_at, r.created_at desc
                        limit :limit""")
                .param("groups", groups)
                .param("limit", limit)
                .query((rs, n) -> new InboxEntry(rs.getString("task_id"), rs.getString("request_id"),
                        rs.getString("title"), rs.getString("service"), rs.getString("environment"),
                        Tier.valueOf(rs.getString("tier")), rs.getString("requested_by"), rs.getString("agent_id"),
                        rs.getString("agent_name"), instant(rs, "created_at"), instant(rs, "sla_due_at"),
                        instant(rs, "expires_at"), rs.getBoolean("escalated"), rs.getString("claimed_by"),
                        rs.getInt("approvals"), rs.getInt("required_approvals")))
                .list();
    }

    private static ApprovalTask mapTask(ResultSet rs, int row) throws SQLException {
        return new ApprovalTask(rs.getString("id"), rs.getString("request_id"), "OPEN".equals(rs.getString("status")),
                split(rs.getString("approver_groups")), split(rs.getString("escalation_groups")),
                rs.getBoolean("escalated"), rs.getString("claimed_by"), instant(rs, "opened_at"),
                instant(rs, "sla_due_at"), instant(rs, "expires_at"), conclusion(rs));
    }

    private static Conclusion conclusion(ResultSet rs) throws SQLException {
        String outcome = rs.getString("concluded_outcome");
        return outcome == null ? null : new Conclusion(ApprovalOutcome.valueOf(outcome), rs.getString("concluded_by"),
                instant(rs, "concluded_at"));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
