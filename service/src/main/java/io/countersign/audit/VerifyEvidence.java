package io.countersign.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Checks a change's evidence pack on its own: the checkpoint's signature; every audit entry's hash and its
 * inclusion proof against the checkpoint's root; and every other section against those entries (the plan by its
 * hash and the SUBMITTED entry, the verdict by the CLASSIFIED entry, the decisions by the DECIDED entries with the
 * segregation checks re-done, the token by its signature, the TOKEN_ISSUED entry and the plan hash, the execution
 * by the EXECUTED entries). A field that nothing checks is refused, so changing any value fails with a reason.
 */
final class VerifyEvidence {

    /** The pack does not hold, and why. */
    static final class Broken extends Exception {
        Broken(String reason) {
            super(reason);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> SECTIONS = Set.of("format", "requestId", "plan", "planHash", "classification",
            "decisions", "approvalToken", "execution", "audit");
    private static final List<String> CHECKS = List.of("not-requester-or-submitter", "a-person-not-an-agent",
            "distinct-from-other-approvers", "in-an-approver-group-of-the-task");

    private VerifyEvidence() {
    }

    /** Returns a one-line summary; {@code keptKey} is the auditor's own copy of the log key, or null. */
    static String verify(String text, SignedNote.VerifierKey keptKey) throws Broken {
        JsonNode pack;
        try {
            pack = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Broken("not JSON: " + e.getOriginalMessage());
        }
        // Exported in RFC 8785 form: a byte that changes nothing a JSON reader sees (space, key order) still shows.
        if (pack != null && !canonical(text).equals(text)) {
            throw new Broken("not byte for byte as exported: the pack is not in RFC 8785 canonical form");
        }
        if (pack == null || !pack.isObject()) {
            throw new Broken("an evidence pack is a JSON object");
        }
        for (Iterator<String> names = pack.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SECTIONS.contains(name)) {
                throw new Broken("unexpected field '" + name + "': nothing in the pack vouches for it");
            }
        }
        expect(pack.path("format").asText(), "countersign-evidence/v1", "format");
        String requestId = pack.path("requestId").asText();

        // 1. The checkpoint, signed by the log key.
        JsonNode audit = pack.path("audit");
        SignedNote.Checkpoint checkpoint;
        try {
            SignedNote.VerifierKey key = keptKey != null ? keptKey
                    : SignedNote.VerifierKey.parse(audit.path("logKey").asText());
            if (keptKey != null && !keptKey.encoded().equals(audit.path("logKey").asText().strip())) {
                throw new Broken("the pack's log key is not the one you keep");
            }
            checkpoint = SignedNote.verify(audit.path("checkpoint").asText(), key);
        } catch (SignedNote.Rejected e) {
            throw new Broken("the checkpoint: " + e.getMessage());
        }

        // 2. Every entry: its own hash, and its place in the signed tree.
        List<AuditEntry> entries = new ArrayList<>();
        for (JsonNode node : audit.path("entries")) {
            AuditEntry entry = entry(node);
            String where = "audit entry seq " + entry.seq();
            if (!requestId.equals(entry.requestId())) {
                throw new Broken(where + " belongs to another request");
            }
            if (!Objects.equals(EntryHash.of(entry), entry.hash())) {
                throw new Broken(where + ": hash does not match the entry's contents");
            }
            JsonNode proof = node.path("proof");
            if (proof.path("leafIndex").asLong(-1) != entry.seq() - 1
                    || proof.path("treeSize").asLong(-1) != checkpoint.treeSize()) {
                throw new Broken(where + ": its proof is not for leaf " + (entry.seq() - 1) + " of the checkpoint's "
                        + checkpoint.treeSize() + " entries");
            }
            List<byte[]> hashes = new ArrayList<>();
            for (JsonNode h : proof.path("hashes")) {
                hashes.add(hex(h.asText(), where));
            }
            byte[] root = Merkle.rootFromInclusionProof(entry.seq() - 1, checkpoint.treeSize(),
                    MerkleStore.leafOf(entry.hash()), hashes);
            if (root == null || !java.util.Arrays.equals(root, checkpoint.rootHash())) {
                throw new Broken(where + ": its inclusion proof does not lead to the checkpoint's root");
            }
            entries.add(entry);
        }
        AuditEntry submitted = only(entries, "SUBMITTED");
        if (submitted == null) {
            throw new Broken("the pack has no SUBMITTED entry for the request");
        }

        // 3. The plan: its hash, and what the SUBMITTED entry says of it.
        JsonNode plan = pack.path("plan");
        String planHash = pack.path("planHash").asText();
        ObjectNode hashed = JSON.createObjectNode();
        hashed.set("actions", plan.path("actions"));
        hashed.set("environment", plan.path("environment"));
        hashed.set("service", plan.path("service"));
        if (!Sha256Hex.of(canonical(hashed.toString())).equals(planHash)) {
            throw new Broken("plan: its actions, service and environment do not have the plan hash " + planHash);
        }
        expect(submitted.planHash(), planHash, "planHash (the SUBMITTED entry's)");
        JsonNode submittedDetails = details(submitted);
        expect(plan.path("title").asText(null), submittedDetails.path("title").asText(null), "plan.title");
        expect(plan.path("justification").asText(null), submittedDetails.path("justification").asText(null),
                "plan.justification");
        expect(plan.path("requestedBy").asText(null), submitted.requestedBy(), "plan.requestedBy");
        expect(plan.path("agentId").asText(null), submitted.agentId(), "plan.agentId");
        onlyFields(plan, "plan", "title", "justification", "requestedBy", "agentId", "service", "environment",
                "actions");

        // 4. The policy's verdict.
        AuditEntry classified = last(entries, "CLASSIFIED");
        JsonNode classification = pack.path("classification");
        if (classified == null ? !classification.isNull() : !(classification.path("tier").asText("").equals(
                Objects.toString(classified.tier(), "")) && details(classified).equals(classification.path("details"))
                && fieldsWithin(classification, Set.of("tier", "details")))) {
            throw new Broken("classification does not match the CLASSIFIED entry");
        }

        // 5. The decisions, with the segregation checks done again.
        List<AuditEntry> decided = entries.stream().filter(e -> "DECIDED".equals(e.type())).toList();
        JsonNode decisions = pack.path("decisions");
        if (decisions.size() != decided.size()) {
            throw new Broken("decisions: " + decisions.size() + " listed, the log has " + decided.size());
        }
        Set<String> approvers = new HashSet<>();
        for (int i = 0; i < decided.size(); i++) {
            AuditEntry e = decided.get(i);
            JsonNode d = decisions.get(i);
            String where = "decisions[" + i + "]";
            expect(d.path("actor").asText(null), e.actor(), where + ".actor");
            expect(d.path("actorKind").asText(null), e.actorKind(), where + ".actorKind");
            expect(d.path("at").asText(null), e.occurredAt().toString(), where + ".at");
            expect(d.path("outcome").asText(null), e.outcome(), where + ".outcome");
            expect(d.path("comment").isNull() ? null : d.path("comment").asText(null), e.comment(), where + ".comment");
            expect(d.path("groups"), details(e).path("groups"), where + ".groups");
            JsonNode method = details(e).path("signInMethod");
            expect(d.path("signInMethod").isTextual() ? d.path("signInMethod").asText() : null,
                    method.isTextual() ? method.asText() : null, where + ".signInMethod");
            expect(d.path("checksPassed"), JSON.valueToTree(CHECKS), where + ".checksPassed");
            onlyFields(d, where, "actor", "actorKind", "signInMethod", "at", "outcome", "comment", "groups",
                    "checksPassed");
            if (e.actor().equals(submitted.requestedBy()) || e.actor().equals(submitted.actor())) {
                throw new Broken(where + ": " + e.actor() + " requested or submitted the plan");
            }
            if (!"HUMAN".equals(e.actorKind())) {
                throw new Broken(where + ": decided by a " + e.actorKind() + ", not a person");
            }
            if ("APPROVE".equals(e.outcome()) && !approvers.add(e.actor())) {
                throw new Broken(where + ": " + e.actor() + " approved twice");
            }
            if (details(e).path("groups").isEmpty()) {
                throw new Broken(where + ": " + e.actor() + " was in no approver group of the task");
            }
        }

        // 6. The approval token.
        verifyToken(pack.path("approvalToken"), last(entries, "TOKEN_ISSUED"), requestId, planHash);

        // 7. The execution report.
        List<AuditEntry> executed = entries.stream().filter(e -> "EXECUTED".equals(e.type())).toList();
        JsonNode execution = pack.path("execution");
        if (execution.size() != executed.size()) {
            throw new Broken("execution: " + execution.size() + " reports listed, the log has " + executed.size());
        }
        for (int i = 0; i < executed.size(); i++) {
            AuditEntry e = executed.get(i);
            JsonNode x = execution.get(i);
            String where = "execution[" + i + "]";
            expect(x.path("at").asText(null), e.occurredAt().toString(), where + ".at");
            expect(x.path("actor").asText(null), e.actor(), where + ".actor");
            expect(x.path("outcome").asText(null), String.valueOf(e.outcome()), where + ".outcome");
            expect(x.path("details"), details(e), where + ".details");
            onlyFields(x, where, "at", "actor", "outcome", "details");
        }
        onlyFields(audit, "audit", "logKey", "checkpoint", "entries");
        return "VALID: evidence of " + requestId + ", " + entries.size() + " audit entries in the checkpoint of "
                + checkpoint.treeSize() + " entries signed by " + checkpoint.origin()
                + (keptKey == null ? " (with the log key the pack carries: compare it with the one you keep)" : "");
    }

    private static void verifyToken(JsonNode token, AuditEntry issued, String requestId, String planHash)
            throws Broken {
        if (token.isNull() || token.isMissingNode()) {
            if (issued != null) {
                throw new Broken("approvalToken is missing, but the log says one was issued");
            }
            return;
        }
        if (issued == null) {
            throw new Broken("approvalToken: the log issued no token for this request");
        }
        try {
            JWSObject jws = JWSObject.parse(token.path("token").asText());
            onlyFields(token.path("jwk"), "approvalToken.jwk", "kty", "crv", "x", "y", "kid");
            ECKey key = ECKey.parse(token.path("jwk").toString());
            if (!jws.verify(new ECDSAVerifier(key))) {
                throw new Broken("approvalToken: the signature does not verify with the JWK");
            }
            JsonNode claims = JSON.readTree(jws.getPayload().toString());
            JsonNode header = JSON.readTree(jws.getHeader().toString());
            expect(token.path("claims"), claims, "approvalToken.claims");
            expect(token.path("header"), header, "approvalToken.header");
            expect(token.path("signature").asText(), jws.getSignature().toString(), "approvalToken.signature");
            expect(claims.path("requestId").asText(null), requestId, "approvalToken claim requestId");
            expect(claims.path("planHash").asText(null), planHash, "approvalToken claim planHash");
            JsonNode log = details(issued);
            expect(claims.path("jti").asText(null), log.path("jti").asText(null), "approvalToken claim jti");
            expect(header.path("kid").asText(null), log.path("kid").asText(null), "approvalToken key id");
            expect(key.getKeyID(), log.path("kid").asText(null), "approvalToken.jwk kid");
            onlyFields(token, "approvalToken", "token", "header", "claims", "signature", "jwk");
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException
                 | com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new Broken("approvalToken: " + e.getMessage());
        }
    }

    private static AuditEntry entry(JsonNode n) throws Broken {
        try {
            JsonNode details = n.path("details");
            if (!details.isObject()) {
                throw new Broken("audit entry seq " + n.path("seq").asText() + " has no details object");
            }
            return new AuditEntry(n.path("seq").asLong(), n.path("id").asLong(), Instant.parse(n.path("occurredAt")
                    .asText()), text(n, "type"), text(n, "requestId"), text(n, "actor"), text(n, "actorKind"),
                    text(n, "remoteAddress"), text(n, "planHash"), text(n, "agentId"), text(n, "requestedBy"),
                    text(n, "service"), text(n, "environment"), text(n, "tier"), text(n, "outcome"),
                    text(n, "comment"), canonical(details.toString()), text(n, "prevHash"), text(n, "hash"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new Broken("audit entry seq " + n.path("seq").asText() + " has a malformed occurredAt");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode details(AuditEntry e) throws Broken {
        try {
            return JSON.readTree(e.details());
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new Broken("audit entry seq " + e.seq() + " has details that are not JSON");
        }
    }

    /** A field nothing checks could be changed at will; so there must be none. */
    private static void onlyFields(JsonNode node, String where, String... names) throws Broken {
        if (!fieldsWithin(node, Set.of(names))) {
            throw new Broken(where + " has a field nothing in the pack vouches for");
        }
    }

    private static boolean fieldsWithin(JsonNode node, Set<String> names) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (!names.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    private static AuditEntry only(List<AuditEntry> entries, String type) {
        return entries.stream().filter(e -> type.equals(e.type())).findFirst().orElse(null);
    }

    private static AuditEntry last(List<AuditEntry> entries, String type) {
        return entries.stream().filter(e -> type.equals(e.type())).reduce((a, b) -> b).orElse(null);
    }

    private static void expect(Object actual, Object expected, String what) throws Broken {
        if (!Objects.equals(actual, expected)) {
            throw new Broken(what + " does not match what the log records");
        }
    }

    private static byte[] hex(String value, String where) throws Broken {
        try {
            byte[] hash = HEX.parseHex(value);
            if (hash.length != Merkle.HASH_BYTES) {
                throw new Broken(where + ": a proof hash is not 32 bytes");
            }
            return hash;
        } catch (IllegalArgumentException e) {
            throw new Broken(where + ": a proof hash is not hex");
        }
    }

    private static String canonical(String json) throws Broken {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (java.io.IOException e) {
            throw new Broken("cannot canonicalise: " + e.getMessage());
        }
    }

    private static final class Sha256Hex {
        static String of(String text) {
            return io.countersign.common.Sha256.hex(text);
        }
    }
}
