package io.countersign.audit;

import static io.countersign.audit.AuditFixtures.decided;
import static io.countersign.audit.AuditFixtures.uniqueRequestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checkpoints published by the running application every five entries, signed, verifiable with the published key,
 * copied to a directory and to a witness (an HTTP receiver in this JVM), and the proofs that tie entries to them.
 * A context (and so a database) of its own, because of the checkpoint settings.
 */
@AuditSliceTest
@WithMockUser(roles = "AUDITOR")
class CheckpointTest {

    static final Path SINK;
    static final HttpServer WITNESS;
    static final List<String> WITNESSED = new CopyOnWriteArrayList<>();

    static {
        try {
            SINK = Files.createTempDirectory("countersign-checkpoints");
            WITNESS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WITNESS.createContext("/witness", exchange -> {
            WITNESSED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        WITNESS.start();
    }

    @DynamicPropertySource
    static void checkpointSettings(DynamicPropertyRegistry registry) {
        registry.add("countersign.audit.checkpoint.every-entries", () -> "5");
        registry.add("countersign.audit.checkpoint.every", () -> "PT1H");
        registry.add("countersign.audit.checkpoint.origin", () -> "audit.test.example/countersign");
        registry.add("countersign.audit.checkpoint.sink-directory", SINK::toString);
        registry.add("countersign.audit.checkpoint.witness-url",
                () -> "http://127.0.0.1:" + WITNESS.getAddress().getPort() + "/witness");
    }

    @AfterAll
    static void stopWitness() {
        WITNESS.stop(0);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditLog auditLog;
    @Autowired
    ChainSealer sealer;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    MerkleStore tree;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void everyFiveEntriesACheckpointIsSignedPublishedAndCopiedOutsideTheDatabase() throws Exception {
        long before = size();
        for (int i = 0; i < 5; i++) {
            auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> checkpoints.latest()
                .map(c -> c.treeSize() >= before + 5).orElse(false));
        JsonNode listed = json.readTree(mvc.perform(get("/api/v1/audit/checkpoints")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        var key = SignedNote.VerifierKey.parse(listed.get("logKey").get("vkey").asText());
        JsonNode latest = listed.get("items").get(0);
        var checkpoint = SignedNote.verify(latest.get("note").asText(), key);

        assertThat(checkpoint.origin()).isEqualTo("audit.test.example/countersign");
        assertThat(checkpoint.treeSize()).isEqualTo(latest.get("treeSize").asLong()).isGreaterThanOrEqualTo(before + 5);
        assertThat(checkpoint.rootHash()).isEqualTo(tree.root(checkpoint.treeSize()));
        assertThat(latest.get("note").asText()).startsWith("audit.test.example/countersign\n" + checkpoint.treeSize()
                + "\n").contains("\n\n\u2014 audit.test.example/countersign ");
        String note = latest.get("note").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(SINK.resolve("checkpoint." + checkpoint.treeSize())).hasContent(note);
            assertThat(WITNESSED).contains(note);
        });
        assertThat(mvc.perform(get("/.well-known/countersign/log-key")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString()).isEqualTo(key.encoded() + "\n");
    }

    @Test
    void aCheckpointSignedByAnotherKeyOrAlteredIsRejected() throws Exception {
        auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        sealer.sealPending();
        var stored = checkpoints.publish().orElseThrow();
        var key = SignedNote.VerifierKey.parse(json.readTree(mvc.perform(get("/api/v1/audit/checkpoints"))
                .andReturn().getResponse().getContentAsString()).get("logKey").get("vkey").asText());
        var generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var other = SignedNote.VerifierKey.of(key.name(), generator.generateKeyPair().getPublic());
        String grown = stored.note().replaceFirst("\n" + stored.treeSize() + "\n", "\n" + (stored.treeSize() + 1) + "\n");

        assertThat(SignedNote.verify(stored.note(), key).treeSize()).isEqualTo(stored.treeSize());
        assertThatThrownBy(() -> SignedNote.verify(stored.note(), other)).hasMessageContaining("no signature by");
        assertThatThrownBy(() -> SignedNote.verify(grown, key)).hasMessageContaining("does not match");
    }

    @Test
    void inclusionProofOfAnEntryAndConsistencyProofBetweenCheckpointsVerifyAgainstTheSignedRoots() throws Exception {
        long victim = auditLog.append(decided(uniqueRequestId(), "carol", "REJECT"));
        sealer.sealPending();
        var first = checkpoints.publish().orElseThrow();
        for (int i = 0; i < 7; i++) {
            auditLog.append(decided(uniqueRequestId(), "dave", "APPROVE"));
        }
        sealer.sealPending();
        var second = checkpoints.publish().orElseThrow();
        long seq = jdbc.queryForObject("SELECT seq FROM audit_chain WHERE entry_id = ?", Long.class, victim);
        String entryHash = jdbc.queryForObject("SELECT hash FROM audit_chain WHERE seq = ?", String.class, seq);

        JsonNode inclusion = json.readTree(mvc.perform(get("/api/v1/audit/checkpoints/proofs")
                        .param("seq", Long.toString(seq)).param("treeSize", Long.toString(second.treeSize())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        JsonNode consistency = json.readTree(mvc.perform(get("/api/v1/audit/checkpoints/proofs")
                        .param("firstSize", Long.toString(first.treeSize())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());

        byte[] root = Merkle.rootFromInclusionProof(seq - 1, second.treeSize(), MerkleStore.leafOf(entryHash),
                hashes(inclusion.get("proof")));
        assertThat(HexFormat.of().formatHex(root)).isEqualTo(second.rootHash());
        assertThat(inclusion.get("checkpoint").asText()).isEqualTo(second.note());
        assertThat(consistency.get("secondSize").asLong()).isEqualTo(second.treeSize());
        assertThat(Merkle.verifyConsistency(first.treeSize(), second.treeSize(), HexFormat.of().parseHex(first.rootHash()),
                HexFormat.of().parseHex(second.rootHash()), hashes(consistency.get("proof")))).isTrue();
    }

    @Test
    void proofsWithUnknownOrMixedParametersAreRefusedNamingThem() throws Exception {
        mvc.perform(get("/api/v1/audit/checkpoints/proofs").param("sequence", "1"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("sequence"));
        mvc.perform(get("/api/v1/audit/checkpoints/proofs").param("seq", "1").param("firstSize", "1"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("firstSize"));
        mvc.perform(get("/api/v1/audit/checkpoints/proofs").param("seq", "1").param("treeSize", "999999999"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("treeSize"));
    }

    @Test
    void checkpointsAndTreeNodesCannotBeUpdatedOrDeleted() {
        auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        sealer.sealPending();
        checkpoints.publish().orElseThrow();

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_checkpoint SET tree_size = tree_size + 1000"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_checkpoint"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_merkle_node"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log_key SET key_name = 'x'"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    }

    private long size() {
        Long top = jdbc.queryForObject("SELECT max(seq) FROM audit_chain", Long.class);
        return top == null ? 0 : top;
    }

    private static List<byte[]> hashes(JsonNode array) {
        var out = new ArrayList<byte[]>();
        array.forEach(h -> out.add(HexFormat.of().parseHex(h.asText())));
        return out;
    }
}
