package io.countersign.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The audit half of a change's evidence pack: every entry of the request, each with its inclusion proof against a
 * signed checkpoint, that checkpoint and the log key. Seals what is pending and signs a checkpoint first if none
 * covers the request's newest entry yet, so the pack never holds an entry it cannot prove.
 */
@Component
public class AuditEvidence {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final AuditQueries queries;
    private final ChainSealer sealer;
    private final Checkpoints checkpoints;
    private final MerkleStore tree;
    private final LogKey key;

    AuditEvidence(AuditQueries queries, ChainSealer sealer, Checkpoints checkpoints, MerkleStore tree, LogKey key) {
        this.queries = queries;
        this.sealer = sealer;
        this.checkpoints = checkpoints;
        this.tree = tree;
        this.key = key;
    }

    /** {@code {logKey, checkpoint, entries: [entry fields..., proof: {leafIndex, treeSize, hashes}]}}. */
    public Map<String, Object> forRequest(String requestId) {
        sealer.sealPending();
        List<AuditEntry> entries = queries.timeline(requestId);
        long newest = entries.stream().mapToLong(e -> e.seq() == null ? 0 : e.seq()).max().orElse(0);
        Checkpoints.Stored checkpoint = checkpoints.latest().filter(c -> c.treeSize() >= newest)
                .orElseGet(() -> checkpoints.publish().orElseThrow());
        var out = new ArrayList<Map<String, Object>>();
        for (AuditEntry e : entries) {
            if (e.seq() == null || e.seq() > checkpoint.treeSize()) {
                continue; // committed after the sealing above; the next pack has it
            }
            Map<String, Object> entry = entry(e);
            entry.put("proof", Map.of("leafIndex", e.seq() - 1, "treeSize", checkpoint.treeSize(),
                    "hashes", tree.inclusionProof(e.seq() - 1, checkpoint.treeSize()).stream().map(HEX::formatHex)
                            .toList()));
            out.add(entry);
        }
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("logKey", key.verifier().encoded());
        audit.put("checkpoint", checkpoint.note());
        audit.put("entries", out);
        return audit;
    }

    /** An entry with the names of the export, {@code details} as JSON. */
    static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("seq", e.seq());
        entry.put("id", e.id());
        entry.put("occurredAt", e.occurredAt().toString());
        entry.put("type", e.type());
        entry.put("requestId", e.requestId());
        entry.put("actor", e.actor());
        entry.put("actorKind", e.actorKind());
        entry.put("remoteAddress", e.remoteAddress());
        entry.put("planHash", e.planHash());
        entry.put("agentId", e.agentId());
        entry.put("requestedBy", e.requestedBy());
        entry.put("service", e.service());
        entry.put("environment", e.environment());
        entry.put("tier", e.tier());
        entry.put("outcome", e.outcome());
        entry.put("comment", e.comment());
        try {
            entry.put("details", JSON.readTree(e.details()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("stored audit details are not JSON", ex);
        }
        entry.put("prevHash", e.prevHash());
        entry.put("hash", e.hash());
        return entry;
    }
}
