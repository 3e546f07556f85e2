package io.countersign.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

class EntryHashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void canonicalJsonIsWhatTheRfc8785ReferenceProduces() throws Exception {
        AuditEntry entry = entry(7, "tab\there \"quoted\" back\\slash \u0001 \u007f é 😀 \u2028", null);

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", entry.type());
        fields.put("seq", entry.seq());
        fields.put("id", entry.id());
        fields.put("occurredAt", entry.occurredAt().toString());
        fields.put("requestId", entry.requestId());
        fields.put("actor", entry.actor());
        fields.put("actorKind", entry.actorKind());
        fields.put("remoteAddress", entry.remoteAddress());
        fields.put("planHash", entry.planHash());
        fields.put("agentId", entry.agentId());
        fields.put("requestedBy", entry.requestedBy());
        fields.put("service", entry.service());
        fields.put("environment", entry.environment());
        fields.put("tier", entry.tier());
        fields.put("outcome", entry.outcome());
        fields.put("comment", entry.comment());
        fields.put("details", JSON.readTree(entry.details()));
        fields.put("prevHash", entry.prevHash());
        String reference = new JsonCanonicalizer(JSON.writeValueAsString(fields)).getEncodedString();

        assertThat(EntryHash.canonicalJson(entry)).isEqualTo(reference);
    }

    @Test
    void hashCoversThePreviousHashAndTheCanonicalEntry() throws Exception {
        AuditEntry entry = entry(3, "ok", "c".repeat(64));
        var digest = MessageDigest.getInstance("SHA-256");
        digest.update(("c".repeat(64) + EntryHash.canonicalJson(entry)).getBytes(StandardCharsets.UTF_8));

        assertThat(EntryHash.of(entry)).isEqualTo(HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void changingAnyCharacterOfTheCommentChangesTheHash() {
        assertThat(EntryHash.of(entry(3, "approved", EntryHash.GENESIS)))
                .isNotEqualTo(EntryHash.of(entry(3, "approvee", EntryHash.GENESIS)));
    }

    @Test
    void detailsAreStoredInCanonicalForm() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("z", 1.0);
        details.put("a", Map.of("y", "é", "b", 10));

        assertThat(JdbcAuditLog.canonicalDetails(details)).isEqualTo("{\"a\":{\"b\":10,\"y\":\"é\"},\"z\":1}");
    }

    private static AuditEntry entry(long seq, String comment, String prevHash) {
        return new AuditEntry(seq, 41, Instant.parse("2025-12-01T10:15:30.123456Z"), "DECIDED", "cr-1", "bob",
                "HUMAN", null, "ab".repeat(32), "kiro-7", "alice", "cost-explorer", "production", "CRITICAL",
                "APPROVE", comment, "{\"approvals\":[\"bob\"],\"n\":1.5}", prevHash == null ? EntryHash.GENESIS
                : prevHash, null);
    }
}
