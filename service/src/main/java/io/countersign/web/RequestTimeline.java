package io.countersign.web;

import io.countersign.ui.request.TimelineEntry;
import java.util.List;
import java.util.Objects;
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

    private final JdbcClient jdbc;

    RequestTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<TimelineEntry> of(String requestId) {
        return jdbc.sql("""
                        select occurred_at, event_type, actor, outcome, comment from audit_entry
                        where request_id = ? order by occurred_at""")
                .param(requestId)
                .query((rs, n) -> new TimelineEntry(rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("event_type"), rs.getString("actor"),
                        detail(rs.getString("event_type"), rs.getString("outcome"), rs.getString("comment"))))
                .list();
    }

    /** Outcome and comment; an outcome that only repeats the event ("APPROVED" on APPROVED) says nothing new. */
    private static String detail(String event, String outcome, String comment) {
        String detail = Stream.of(outcome, comment).filter(Objects::nonNull).filter(s -> !s.isBlank())
                .filter(s -> !s.equals(event))
                .collect(Collectors.joining(": "));
        return detail.isEmpty() ? null : detail;
    }
}
