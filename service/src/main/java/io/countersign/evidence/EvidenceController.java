package io.countersign.evidence;

import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.erdtman.jcs.JsonCanonicalizer;
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
    private final ObjectMapper json;

    EvidenceController(EvidencePacks packs, ObjectMapper json) {
        this.packs = packs;
        this.json = json;
    }

    @GetMapping(path = {"/api/v1/change-requests/{id}/evidence", "/audit/requests/{id}/evidence"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    ResponseEntity<byte[]> evidence(@PathVariable String id) throws java.io.IOException {
        // RFC 8785 form, so the offline verifier can refuse any byte changed after export.
        byte[] canonical = new JsonCanonicalizer(json.writeValueAsString(packs.of(id))).getEncodedUTF8();
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evidence-" + id + ".json\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(canonical);
    }
}
