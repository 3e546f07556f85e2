package io.countersign.audit;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkpoints and proofs. The latest checkpoint and the log key are public (anyone may keep a copy: that is the
 * point); the list and the proofs are for auditors.
 */
@RestController
class CheckpointController {

    static final int MAX_LIMIT = 500;
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> PROOF_PARAMETERS = Set.of("seq", "treeSize", "firstSize", "secondSize");

    /** The checkpoints, latest first, and the key that verifies them. */
    record CheckpointList(LogKeyView logKey, List<Checkpoints.Stored> items) {
    }

    /** The log key as auditors keep it: {@code vkey} is what the offline verifier takes. */
    record LogKeyView(String name, String keyId, String algorithm, String publicKey, String vkey) {
        static LogKeyView of(SignedNote.VerifierKey key) {
            return new LogKeyView(key.name(), key.keyIdHex(), "ECDSA P-256 SHA-256 (signed-note type 0x02)",
                    java.util.Base64.getEncoder().encodeToString(key.spki()), key.encoded());
        }
    }

    record InclusionProof(String type, long seq, long leafIndex, long treeSize, String leafHash, String rootHash,
            List<String> proof, String checkpoint) {
    }

    record ConsistencyProof(String type, long firstSize, long secondSize, String firstRoot, String secondRoot,
            List<String> proof, String firstCheckpoint, String secondCheckpoint) {
    }

    private final Checkpoints checkpoints;
    private final MerkleStore tree;
    private final LogKey key;
    private final JdbcTemplate jdbc;

    CheckpointController(Checkpoints checkpoints, MerkleStore tree, LogKey key, JdbcTemplate jdbc) {
        this.checkpoints = checkpoints;
        this.tree = tree;
        this.key = key;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/audit/checkpoints")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    CheckpointList list(@RequestParam Map<String, String> params) {
        AuditFilter.refuseUnknown(params, Set.of("limit"));
        int limit = AuditController.limit(params.get("limit"), MAX_LIMIT);
        return new CheckpointList(LogKeyView.of(key.verifier()), checkpoints.list(limit));
    }

    @GetMapping(path = "/.well-known/countersign/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> latest() {
        // Before the first scheduled checkpoint, the first one is signed now (once: after that one always exists).
        return checkpoints.latest().or(checkpoints::publish).map(c -> ResponseEntity.ok().contentType(TEXT).body(c.note()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(TEXT)
                        .body("no checkpoint yet\n"));
    }

    @GetMapping(path = "/.well-known/countersign/log-key", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> logKey() {
        return ResponseEntity.ok().contentType(TEXT).body(key.verifier().encoded() + "\n");
    }

    private static final MediaType TEXT = new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

    /**
     * {@code ?seq=S[&treeSize=N]}: the inclusion proof of the entry at seq S in the tree of N entries;
     * {@code ?firstSize=M[&secondSize=N]}: the consistency proof between the trees of M and N entries. N defaults to
     * the latest checkpoint's size, so the proof verifies against a signed root.
     */
    @GetMapping("/api/v1/audit/checkpoints/proofs")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    Object proof(@RequestParam Map<String, String> params) {
        AuditFilter.refuseUnknown(params, PROOF_PARAMETERS);
        boolean inclusion = params.containsKey("seq");
        boolean consistency = params.containsKey("firstSize");
        if (inclusion == consistency) {
            throw new InvalidAuditParameter(inclusion ? "firstSize" : "seq",
                    "ask for either an inclusion proof (seq, treeSize) or a consistency proof (firstSize, secondSize)");
        }
        long top = treeSize();
        if (inclusion) {
            if (params.containsKey("secondSize")) {
                throw new InvalidAuditParameter("secondSize", "belongs to a consistency proof (with firstSize)");
            }
            long size = size(params, "treeSize", top);
            long seq = number(params, "seq");
            if (seq < 1 || seq > size) {
                throw new InvalidAuditParameter("seq", "must be from 1 to the tree size " + size);
            }
            return inclusion(seq, size);
        }
        if (params.containsKey("treeSize")) {
            throw new InvalidAuditParameter("treeSize", "belongs to an inclusion proof (with seq)");
        }
        long second = size(params, "secondSize", top);
        long first = number(params, "firstSize");
        if (first < 1 || first > second) {
            throw new InvalidAuditParameter("firstSize", "must be from 1 to secondSize " + second);
        }
        return new ConsistencyProof("consistency", first, second, HEX.formatHex(tree.root(first)),
                HEX.formatHex(tree.root(second)), hex(tree.consistencyProof(first, second)),
                checkpoints.at(first).map(Checkpoints.Stored::note).orElse(null),
                checkpoints.at(second).map(Checkpoints.Stored::note).orElse(null));
    }

    InclusionProof inclusion(long seq, long size) {
        return new InclusionProof("inclusion", seq, seq - 1, size, HEX.formatHex(tree.leaf(seq - 1)),
                HEX.formatHex(tree.root(size)), hex(tree.inclusionProof(seq - 1, size)),
                checkpoints.at(size).map(Checkpoints.Stored::note).orElse(null));
    }

    private long treeSize() {
        Long top = jdbc.queryForObject("SELECT max(seq) FROM audit_chain", Long.class);
        return top == null ? 0 : top;
    }

    private long size(Map<String, String> params, String name, long top) {
        long size;
        if (params.get(name) == null || params.get(name).isBlank()) {
            size = checkpoints.latest().map(Checkpoints.Stored::treeSize)
                    .orElseThrow(() -> new InvalidAuditParameter(name, "no checkpoint yet; give the tree size"));
        } else {
            size = number(params, name);
        }
        if (size < 1 || size > top) {
            throw new InvalidAuditParameter(name, "must be from 1 to the current tree size " + top);
        }
        return size;
    }

    private static long number(Map<String, String> params, String name) {
        try {
            return Long.parseLong(params.get(name).strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidAuditParameter(name, "must be a whole number");
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
