package io.countersign.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What auditors filter by; every part is optional. {@code approver} is the actor of a decision event.
 * {@code requestId} matches an id prefix or (case-insensitively) a part of the request's title; {@code operation},
 * {@code resource} (a part of it, case-insensitive) and {@code title} match the requests whose SUBMITTED entry
 * names such an action or title, and select every entry of those requests (so the decision on a deletion is found
 * by what was deleted); {@code text} matches entries whose comment or details contain it.
 */
record AuditFilter(Instant from, Instant to, String requestId, String agent, String engineer, String approver,
        String service, String environment, String tier, String type, String outcome, String operation,
        String resource, String title, String text) {

    /** The event types a human approver is the actor of. */
    static final Set<String> DECISION_TYPES = Set.of("DECIDED", "APPROVED", "REJECTED", "CHANGES_REQUESTED");

    static final Set<String> TIERS = Set.of("DENIED", "CRITICAL", "HIGH", "MEDIUM", "LOW");

    /** The filters' parameter names, as the API and the page take them. */
    static final Set<String> PARAMETERS = Set.of("from", "to", "requestId", "agent", "engineer", "approver",
            "service", "environment", "tier", "type", "outcome", "operation", "resource", "title", "text");

    static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    AuditFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidAuditParameter("from", "must be before 'to'");
        }
        if (tier != null && !TIERS.contains(tier)) {
            throw new InvalidAuditParameter("tier", "must be one of " + String.join(", ", TIERS.stream().sorted().toList()));
        }
    }

    static AuditFilter from(Map<String, String> params) {
        return new AuditFilter(instant(params, "from"), instant(params, "to"), text(params, "requestId"),
                text(params, "agent"), text(params, "engineer"), text(params, "approver"), text(params, "service"),
                text(params, "environment"), text(params, "tier"), text(params, "type"), text(params, "outcome"),
                upper(text(params, "operation")), text(params, "resource"), text(params, "title"),
                text(params, "text"));
    }

    /** Whether part of this filter is answered by looking at what the requests' plans change. */
    boolean selectsRequestsByContent() {
        return operation != null || resource != null || title != null || requestId != null;
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
    }

    /** The filter parameters and {@code others}. */
    static Set<String> with(String... others) {
        var names = new java.util.HashSet<>(PARAMETERS);
        names.addAll(List.of(others));
        return names;
    }

    /**
     * Refuses parameters nobody reads: a misspelt filter would otherwise be ignored and the answer silently cover
     * everything.
     */
    static void refuseUnknown(Map<String, String> params, Set<String> known) {
        var unknown = new java.util.TreeSet<>(params.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidAuditParameter(String.join(",", unknown), (unknown.size() == 1 ? "is not a parameter"
                    : "are not parameters") + " here; known: " + String.join(", ", new java.util.TreeSet<>(known)));
        }
    }

    /** Appends one condition per filter set to {@code sql} (each starting with AND) and its values to {@code args}. */
    void appendConditions(StringBuilder sql, List<Object> args) {
        if (from != null) {
            sql.append(" AND e.occurred_at >= ?");
            args.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND e.occurred_at < ?");
            args.add(to.atOffset(ZoneOffset.UTC));
        }
        equal(sql, args, "e.agent_id", agent);
        equal(sql, args, "e.requested_by", engineer);
        equal(sql, args, "e.service", service);
        equal(sql, args, "e.environment", environment);
        equal(sql, args, "e.tier", tier);
        equal(sql, args, "e.event_type", type);
        equal(sql, args, "e.outcome", outcome);
        if (text != null) {
            String needle = "%" + likeEscaped(text.toLowerCase(java.util.Locale.ROOT)) + "%";
            String jsonNeedle = "%" + likeEscaped(jsonEscaped(text).toLowerCase(java.util.Locale.ROOT)) + "%";
            sql.append(" AND (LOWER(e.comment) LIKE ? ESCAPE '\\' OR LOWER(e.details) LIKE ? ESCAPE '\\')");
            args.add(needle);
            args.add(jsonNeedle);
        }
        if (approver != null) {
            sql.append(" AND e.actor = ? AND e.event_type IN (");
            args.add(approver);
            var types = new ArrayList<>(DECISION_TYPES);
            for (int i = 0; i < types.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(types.get(i));
            }
            sql.append(')');
        }
    }

    /** {@code value} as it appears inside a JSON string of canonical details. */
    static String jsonEscaped(String value) {
        String quoted = JdbcAuditLog.canonicalDetails(java.util.Map.of("v", value));
        return quoted.substring("{\"v\":\"".length(), quoted.length() - 2);
    }

    /** {@code value} matched literally by LIKE with the escape character backslash. */
    static String likeEscaped(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static void equal(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static Instant instant(Map<String, String> params, String name) {
        String value = text(params, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidAuditParameter(name, "must be an ISO-8601 instant such as 2025-12-01T00:00:00Z");
        }
    }

    private static String text(Map<String, String> params, String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
