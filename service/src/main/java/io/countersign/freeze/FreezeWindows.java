package io.countersign.freeze;

import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import io.countersign.security.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The freeze calendar: admins add and delete windows (each change audited with who, before and after), everyone
 * signed in reads them, and the risk policy and the token redemption ask which window covers an action at an instant.
 */
@Service
public class FreezeWindows {

    private static final String COLUMNS = """
            id, name, reason, starts_at, ends_at, rrule, first_start, duration, time_zone, environments, services,
            regions, created_by, created_at""";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    FreezeWindows(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public FreezeWindow create(NewFreezeWindow request, Actor admin) {
        FreezeWindow w = request.validate(UUID.randomUUID().toString(), admin.name(), clock.instant());
        Recurrence r = w.recurrence();
        jdbc.sql("insert into freeze_window (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(w.id(), w.name(), w.reason(), timestamp(w.startsAt()), timestamp(w.endsAt()),
                        r == null ? null : r.rrule(), r == null ? null : r.firstStart().toString(),
                        r == null ? null : r.duration().toString(), w.zone().getId(), join(w.environments()),
                        join(w.services()), join(w.regions()), w.createdBy(), Timestamp.from(w.createdAt()))
                .update();
        record("FREEZE_WINDOW_CREATED", admin, w, Map.of(), w.describe());
        return w;
    }

    @Transactional
    public FreezeWindow delete(String id, Actor admin) {
        FreezeWindow w = find(id).orElseThrow(() -> new FreezeWindowNotFound(id));
        if (jdbc.sql("delete from freeze_window where id = ?").param(id).update() != 1) {
            throw new FreezeWindowNotFound(id);
        }
        record("FREEZE_WINDOW_DELETED", admin, w, w.describe(), Map.of());
        return w;
    }

    public Optional<FreezeWindow> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from freeze_window where id = ?").param(id)
                .query(FreezeWindows::window).optional();
    }

    public List<FreezeWindow> all() {
        return jdbc.sql("select " + COLUMNS + " from freeze_window order by name, id").query(FreezeWindows::window)
                .list();
    }

    /** Every window's occurrence covering the instant, the one ending first first. */
    public List<ActiveFreeze> activeAt(Instant at) {
        return all().stream().flatMap(w -> w.activeAt(at).stream())
                .sorted(Comparator.comparing(ActiveFreeze::until)).toList();
    }

    /** The next occurrence of each window that starts after the instant and before the horizon, soonest first. */
    public List<ActiveFreeze> upcoming(Instant from, Duration within) {
        Instant horizon = from.plus(within);
        return all().stream().flatMap(w -> w.nextAfter(from).stream())
                .filter(f -> f.from().isBefore(horizon))
                .sorted(Comparator.comparing(ActiveFreeze::from)).toList();
    }

    /**
     * The window covering an action at an instant, if any: of several, the one lasting longest, so a refusal says
     * when the action is free to go.
     */
    public Optional<ActiveFreeze> covering(Instant at, String environment, String service, List<String> regions) {
        return all().stream().filter(w -> w.covers(environment, service, regions))
                .flatMap(w -> w.activeAt(at).stream())
                .max(Comparator.comparing(ActiveFreeze::until).thenComparing(ActiveFreeze::name));
    }

    private void record(String type, Actor admin, FreezeWindow w, Map<String, Object> before,
                        Map<String, Object> after) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("windowId", w.id());
        details.put("name", w.name());
        details.put("before", before);
        details.put("after", after);
        audit.append(AuditEvent.builder(type, admin.name(), admin.kind()).remoteAddress(admin.remoteAddress())
                .environment(String.join(",", w.environments())).comment(w.reason()).details(details).build());
    }

    private static FreezeWindow window(ResultSet rs, int row) throws SQLException {
        ZoneId zone = ZoneId.of(rs.getString("time_zone"));
        String rrule = rs.getString("rrule");
        Recurrence recurrence = rrule == null ? null : new Recurrence(rrule,
                LocalDateTime.parse(rs.getString("first_start")), Duration.parse(rs.getString("duration")), zone);
        return new FreezeWindow(rs.getString("id"), rs.getString("name"), rs.getString("reason"),
                instant(rs, "starts_at"), instant(rs, "ends_at"), recurrence, zone, split(rs.getString("environments")),
                split(rs.getString("services")), split(rs.getString("regions")), rs.getString("created_by"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    /** Names are validated to lower-case letters, digits, dots, dashes and underscores, so a comma separates them. */
    private static String join(List<String> names) {
        return String.join(",", names);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
