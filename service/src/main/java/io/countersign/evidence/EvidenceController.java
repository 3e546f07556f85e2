package io.countersign.evidence;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The evidence pack of one change, for auditors; also at {@code /audit/requests/{id}/evidence} behind the web
 * sign-in, so the request page and the audit timeline can link to it.
 */
@RestController
class EvidenceController {

    private final EvidencePacks packs;

    EvidenceController(EvidencePacks packs) {
        this.packs = packs;
    }

    @GetMapping(path = {"/api/v1/change-requests/{id}/evidence", "/audit/requests/{id}/evidence"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    ResponseEntity<Map<String, Object>> evidence(@PathVariable String id) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evidence-" + id + ".json\"")
                .body(packs.of(id));
    }
}
