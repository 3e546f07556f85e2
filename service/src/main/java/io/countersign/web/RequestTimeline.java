package io.countersign.web;

import io.countersign.ui.request.TimelineEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One request's audit entries, oldest first. Reads only the columns every audit implementation keeps (who, what,
 * when, outcome, comment), so a change in how the chain is stored does not reach the page.
 */
@Component
class RequestTimeline {

    /** Events only an admin causes on a request. */
    private static final Set<String> ADMIN_EVENTS = Set.of("STALL_RETRIED", "STALL_CLOSED", "TOKEN_REVOKED");

    private final JdbcClient jdbc;

    RequestTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<TimelineEntry> of(String requestId) {
        return of(requestId, Map.of());
    }

    /**
     * @param approverGroups the groups each person who decided on this request decided for, to name their role
     */
    List<TimelineEntry> of(String requestId, Map<String, Set<String>> approverGroups) {
        return jdbc.sql("""
                        select occurred_at, event_type, actor, actor_kind, requested_by, outcome, comment
                        from audit_entry where request_id = ? order by occurred_at, id""")
                .param(requestId)
                .query((rs, n) -> new TimelineEntry(rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("event_type"), rs.getString("actor"),
                        detail(rs.getString("event_type"), rs.getString("outcome"), rs.getString("comment")),
                        role(rs.getString("event_type"), rs.getString("actor"), rs.getString("actor_kind"),
                                rs.getString("requested_by"), approverGroups)))
                .list();
    }

    /** Outcome and comment; an outcome that only repeats the event ("APPROVED" on APPROVED) says nothing new. */
    private static String detail(String event, String outcome, String comment) {
        String detail = Stream.of(outcome, comment).filter(Objects::nonNull).filter(s -> !s.isBlank())
                .filter(s -> !s.equals(event))
                .collect(Collectors.joining(": "));
        return detail.isEmpty() ? null : detail;
    }

    /** What the actor is to this request, from what the service recorded, never from what the actor claimed. */
    private static String role(String event, String actor, String kind, String requestedBy,
                               Map<String, Set<String>> approverGroups) {
        if ("SYSTEM".equals(kind)) {
            return "system";
        }
        if ("AGENT".equals(kind)) {
            return "agent";
        }
        if (actor == null) {
            return null;
        }
        Set<String> groups = approverGroups.get(actor);
        if (groups != null) {
            return groups.isEmpty() ? "approver" : "approver · " + String.join(", ", groups.stream().sorted().toList());
        }
        if (actor.equals(requestedBy)) {
            return "requester";
        }
        if (ADMIN_EVENTS.contains(event)) {
            return "admin";
        }
        return "CLAIMED".equals(event) ? "approver" : null;
    }
}
