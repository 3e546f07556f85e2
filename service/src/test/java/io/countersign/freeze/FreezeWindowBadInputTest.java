package io.countersign.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every field of a freeze window broken in the ways that apply to it (the pattern of {@code GeneratedBadInputTest}):
 * each is a 400 problem detail naming the field and why, never a 5xx, and none stores a window or an audit entry.
 */
class FreezeWindowBadInputTest extends AppTest {

    private static final String IN_AN_HOUR = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
            .toString();
    private static final String AN_HOUR_AGO = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
            .toString();

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyMalformedWindowIsAProblemNamingItsFieldAndStoresNothing() {
        Map<String, Consumer<Map<String, Object>>> oneOff = new LinkedHashMap<>();
        oneOff.put("endsAt before startsAt", w -> {
            w.put("startsAt", IN_AN_HOUR);
            w.put("endsAt", AN_HOUR_AGO);
        });
        oneOff.put("endsAt equal to startsAt", w -> w.put("endsAt", w.get("startsAt")));
        oneOff.put("startsAt not an instant", w -> w.put("startsAt", "next Tuesday"));
        oneOff.put("startsAt in month 13", w -> w.put("startsAt", "2026-13-01T00:00:00Z"));
        oneOff.put("endsAt missing", w -> w.remove("endsAt"));
        oneOff.put("unknown zone", w -> w.put("timeZone", "Mars/Olympus_Mons"));
        oneOff.put("zone offset out of range", w -> w.put("timeZone", "+99:00"));
        oneOff.put("empty environments", w -> w.put("environments", List.of()));
        oneOff.put("no environments", w -> w.remove("environments"));
        oneOff.put("environment with a space", w -> w.put("environments", List.of("prod uction")));
        oneOff.put("null environment", w -> w.put("environments", Collections.singletonList(null)));
        oneOff.put("environments as text", w -> w.put("environments", "production"));
        oneOff.put("too many services", w -> w.put("services", Collections.nCopies(101, "billing")));
        oneOff.put("service path", w -> w.put("services", List.of("../etc")));
        oneOff.put("region upper case", w -> w.put("regions", List.of("EU-WEST-1")));
        oneOff.put("name missing", w -> w.remove("name"));
        oneOff.put("name too long", w -> w.put("name", "n".repeat(201)));
        oneOff.put("reason blank", w -> w.put("reason", "   "));
        oneOff.put("reason too long", w -> w.put("reason", "r".repeat(2001)));
        oneOff.put("one-off with an rrule too", w -> w.put("rrule", "FREQ=WEEKLY"));
        oneOff.put("unknown field", w -> w.put("scope", "everything"));
        oneOff.put("name as a number", w -> w.put("name", 42));
        Map<String, String> fields = new HashMap<>(Map.ofEntries(
                Map.entry("endsAt before startsAt", "endsAt"), Map.entry("endsAt equal to startsAt", "endsAt"),
                Map.entry("startsAt not an instant", "startsAt"), Map.entry("startsAt in month 13", "startsAt"),
                Map.entry("endsAt missing", "endsAt"), Map.entry("unknown zone", "timeZone"),
                Map.entry("zone offset out of range", "timeZone"), Map.entry("empty environments", "environments"),
                Map.entry("no environments", "environments"), Map.entry("environment with a space", "environments"),
                Map.entry("null environment", "environments"), Map.entry("environments as text", "environments"),
                Map.entry("too many services", "services"), Map.entry("service path", "services"),
                Map.entry("region upper case", "regions"), Map.entry("name missing", "name"),
                Map.entry("name too long", "name"), Map.entry("reason blank", "reason"),
                Map.entry("reason too long", "reason"), Map.entry("one-off with an rrule too", "rrule"),
                Map.entry("unknown field", "scope"), Map.entry("name as a number", "name")));
        Map<String, Consumer<Map<String, Object>>> recurring = new LinkedHashMap<>();
        recurring.put("rrule FREQ=SOMETIMES", w -> w.put("rrule", "FREQ=SOMETIMES"));
        recurring.put("rrule empty", w -> w.put("rrule", ""));
        recurring.put("rrule with a DTSTART", w -> w.put("rrule", "DTSTART:20261204T160000\nRRULE:FREQ=WEEKLY"));
        recurring.put("rrule BYHOUR=99", w -> w.put("rrule", "FREQ=DAILY;BYHOUR=99"));
        recurring.put("rrule COUNT=abc", w -> w.put("rrule", "FREQ=DAILY;COUNT=abc"));
        recurring.put("rrule of garbage", w -> w.put("rrule", "\u0000;;;=;"));
        recurring.put("rrule far too long", w -> w.put("rrule", "FREQ=DAILY;" + "BYDAY=MO;".repeat(200)));
        recurring.put("firstStart not a date-time", w -> w.put("firstStart", "friday afternoon"));
        recurring.put("duration zero", w -> w.put("duration", "PT0S"));
        recurring.put("duration negative", w -> w.put("duration", "-PT1H"));
        recurring.put("duration of 32 days", w -> w.put("duration", "P32D"));
        recurring.put("duration not ISO", w -> w.put("duration", "64 hours"));
        recurring.put("recurring without a duration", w -> w.remove("duration"));
        Map<String, String> recurringFields = Map.ofEntries(
                Map.entry("firstStart not a date-time", "firstStart"), Map.entry("duration zero", "duration"),
                Map.entry("duration negative", "duration"), Map.entry("duration of 32 days", "duration"),
                Map.entry("duration not ISO", "duration"), Map.entry("recurring without a duration", "duration"));
        long[] before = rowCounts();

        List<String> wrong = new ArrayList<>();
        oneOff.forEach((name, change) -> check(name, oneOff(name), change, fields.get(name), wrong));
        recurring.forEach((name, change) -> check(name, recurring(name), change,
                recurringFields.getOrDefault(name, "rrule"), wrong));
        for (String raw : List.of("{\"name\":", "[]", "null", "\"window\"")) {
            Response response = as("admin").postRaw("/api/v1/freeze-windows", "application/json",
                    raw.getBytes(StandardCharsets.UTF_8));
            String problem = problemIn(response, null);
            if (problem != null) {
                wrong.add("body " + raw + ": " + problem);
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(rowCounts()).as("freeze_window rows, FREEZE_WINDOW_* audit entries").containsExactly(before);
    }

    @Test
    void oddWindowIdsAreNotFoundProblems() {
        for (String id : List.of("no-such-window", "x".repeat(500), "%00", "..%2F..%2Fetc", "%E2%80%AE")) {
            Response read = as("admin").get("/api/v1/freeze-windows/" + id);
            Response delete = as("admin").send("DELETE", "/api/v1/freeze-windows/" + id, null);
            assertThat(List.of(read.status(), delete.status())).as(id + ": " + read.body() + " / " + delete.body())
                    .allMatch(s -> s == 400 || s == 404);
            assertThat(read.contentType()).as(id).startsWith("application/problem+json");
            assertThat(delete.contentType()).as(id).startsWith("application/problem+json");
        }
    }

    private void check(String name, Map<String, Object> body, Consumer<Map<String, Object>> change, String field,
                       List<String> wrong) {
        change.accept(body);
        String problem = problemIn(as("admin").post("/api/v1/freeze-windows", body), field);
        if (problem != null) {
            wrong.add(name + ": " + problem);
        }
    }

    /** What is wrong with the answer, or null if it is a 400 problem detail naming the field (if one is given). */
    private static String problemIn(Response response, String field) {
        if (response.status() != 400) {
            return "status " + response.status() + " " + response.body();
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return "content type " + response.contentType();
        }
        JsonNode body = response.json();
        if (body.path("detail").asText().isBlank() || body.path("title").asText().isBlank()) {
            return "incomplete problem " + response.body();
        }
        if (field != null && !body.path("errors").findValuesAsText("field").contains(field)) {
            return "does not name " + field + ": " + response.body();
        }
        if (response.body().contains("Exception") || response.body().contains("io.countersign")) {
            return "leaks internals: " + response.body();
        }
        return null;
    }

    private static Map<String, Object> oneOff(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "bad-" + Math.abs(name.hashCode()));
        body.put("reason", "Launch week");
        body.put("startsAt", AN_HOUR_AGO);
        body.put("endsAt", IN_AN_HOUR);
        body.put("timeZone", "Europe/Berlin");
        body.put("environments", List.of("production"));
        body.put("services", List.of("billing"));
        return body;
    }

    private static Map<String, Object> recurring(String name) {
        Map<String, Object> body = oneOff(name);
        body.remove("startsAt");
        body.remove("endsAt");
        body.put("rrule", "FREQ=WEEKLY;BYDAY=FR");
        body.put("firstStart", "2026-12-04T16:00");
        body.put("duration", "PT64H");
        return body;
    }

    private long[] rowCounts() {
        return new long[] {jdbc.sql("select count(*) from freeze_window").query(Long.class).single(),
                jdbc.sql("select count(*) from audit_entry where event_type like 'FREEZE_WINDOW%'").query(Long.class)
                        .single()};
    }
}
