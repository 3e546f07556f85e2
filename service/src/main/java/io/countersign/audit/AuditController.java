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

    AuditController(AuditQueries queries) {
        this.queries = queries;
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
