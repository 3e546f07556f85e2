package io.countersign.audit;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The auditor API. Only the roles AUDITOR and ADMIN may read the audit log. The export is also served at
 * {@code /audit/export} behind the web sign-in, so the Audit page can link to it: a browser has a session, not HTTP
 * Basic credentials, and a download link cannot send a header.
 */
@RestController
class AuditController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AuditQueries queries;
    private final ChangePopulation population;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    AuditController(AuditQueries queries, ChangePopulation population, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.queries = queries;
        this.population = population;
        this.json = json;
    }

    @GetMapping("/api/v1/audit/events")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    AuditPage events(@RequestParam Map<String, String> params) {
        AuditFilter.refuseUnknown(params, AuditFilter.with("limit", "cursor"));
        AuditFilter filter = AuditFilter.from(params);
        int limit = limit(params.get("limit"), MAX_LIMIT);
        String cursor = params.get("cursor");
        return queries.search(filter, cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor), limit);
    }

    @GetMapping({"/api/v1/audit/export", "/audit/export"})
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    ResponseEntity<StreamingResponseBody> export(@RequestParam Map<String, String> params) {
        AuditFilter.refuseUnknown(params, AuditFilter.with("format"));
        ExportFormat format = ExportFormat.parse(params.get("format"));
        AuditFilter filter = AuditFilter.from(params);
        StreamingResponseBody body = out -> {
            try (var writer = ExportWriter.open(format, out)) {
                queries.streamChain(filter, writer);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"audit-export." + format.extension() + "\"")
                .body(body);
    }

    /** The population to sample from: one row per change request first submitted in [from, to). */
    @GetMapping("/api/v1/audit/changes")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    ResponseEntity<StreamingResponseBody> changes(@RequestParam Map<String, String> params) {
        AuditFilter.refuseUnknown(params, java.util.Set.of("from", "to", "format"));
        java.time.Instant from = requiredInstant(params, "from");
        java.time.Instant to = requiredInstant(params, "to");
        if (!from.isBefore(to)) {
            throw new InvalidAuditParameter("from", "must be before 'to'");
        }
        ExportFormat format = ExportFormat.parse(params.get("format"));
        StreamingResponseBody body = out -> {
            var writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out,
                    java.nio.charset.StandardCharsets.UTF_8), 64 * 1024);
            if (format == ExportFormat.CSV) {
                writer.write(String.join(",", ChangePopulation.CSV_HEADER));
                writer.write("\r\n");
                population.stream(from, to, change -> csvRow(writer, change));
                writer.flush();
            } else {
                try (var json = this.json.getFactory().createGenerator(writer)) {
                    json.setCodec(this.json);
                    json.writeStartArray();
                    population.stream(from, to, change -> {
                        try {
                            json.writeObject(change);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    json.writeEndArray();
                }
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"changes." + format.extension() + "\"")
                .body(body);
    }

    private static void csvRow(java.io.Writer out, ChangePopulation.Change c) {
        try {
            String[] cells = {c.requestId(), c.title(), c.service(), c.environment(), c.tier(), c.outcome(),
                    c.requester(), c.agent(), String.join(";", c.approvers()), text(c.submittedAt()),
                    text(c.decidedAt()), text(c.executedAt()), Boolean.toString(c.emergency())};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                if (cells[i] != null) {
                    out.write('"');
                    out.write(cells[i].replace("\"", "\"\""));
                    out.write('"');
                }
            }
            out.write("\r\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static java.time.Instant requiredInstant(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidAuditParameter(name, "is required: the period's start (from) and end (to, exclusive)");
        }
        try {
            return java.time.Instant.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidAuditParameter(name, "must be an ISO-8601 instant such as 2025-12-01T00:00:00Z");
        }
    }

    @GetMapping("/api/v1/audit/verify")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    Verification verify() {
        return queries.verify();
    }

    static int limit(String value, int max) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new InvalidAuditParameter("limit", "must be a whole number from 1 to " + max);
    }
}
