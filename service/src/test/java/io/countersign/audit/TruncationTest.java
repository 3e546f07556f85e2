package io.countersign.audit;

import static io.countersign.audit.AuditFixtures.decided;
import static io.countersign.audit.AuditFixtures.uniqueRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The attack a hash chain cannot see: the database owner deletes the newest entries (around the triggers, as the
 * owner can). The shorter chain verifies, on the server and offline; only the checkpoint an auditor kept from
 * before reveals it. A context and database of its own, thrown away afterwards, since the log is mutilated.
 */
@AuditSliceTest
@TestPropertySource(properties = {"countersign.audit.checkpoint.origin=truncation.test.example/audit",
        "countersign.audit.checkpoint.every-entries=1000000", "countersign.audit.checkpoint.every=PT1H"})
@DirtiesContext
class TruncationTest {

    @Autowired
    AuditLog auditLog;
    @Autowired
    ChainSealer sealer;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    LogKey logKey;
    @Autowired
    AuditQueries queries;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path files;

    @Test
    void deletingTheNewestEntriesIsCaughtOnlyByAnEarlierCheckpoint() throws Exception {
        for (int i = 0; i < 6; i++) {
            auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        }
        sealer.sealPending();
        var kept = checkpoints.publish().orElseThrow();
        Path checkpoint = Files.writeString(files.resolve("checkpoint.txt"), kept.note());
        Path key = Files.writeString(files.resolve("log-key.txt"), logKey.verifier().encoded() + "\n");
        for (int i = 0; i < 3; i++) {
            auditLog.append(decided(uniqueRequestId(), "mallory", "APPROVE"));
        }
        sealer.sealPending();
        long size = kept.treeSize();
        long keep = size - 2;

        deleteEverythingAbove(keep);
        Path export = export("truncated.json");

        assertThat(queries.verify().valid()).as("the shorter chain verifies on the server").isTrue();
        assertThat(verify(export)).startsWith("VALID: " + keep + " entries");
        assertThat(verify(export, "--checkpoint", checkpoint.toString(), "--log-key", key.toString()))
                .isEqualTo("BROKEN: truncated: checkpoint says " + size + " entries, export has " + keep + "\n");
    }

    @Test
    void anExportRewrittenWithAConsistentNewChainFailsAgainstTheCheckpoint() throws Exception {
        for (int i = 0; i < 5; i++) {
            auditLog.append(decided(uniqueRequestId(), "bob", "REJECT"));
        }
        sealer.sealPending();
        var kept = checkpoints.publish().orElseThrow();
        Path checkpoint = Files.writeString(files.resolve("checkpoint.txt"), kept.note());
        Path key = Files.writeString(files.resolve("log-key.txt"), logKey.verifier().encoded());
        Path honest = export("honest.json");
        assertThat(verify(honest, "--checkpoint", checkpoint.toString(), "--log-key", key.toString()))
                .startsWith("VALID: ").contains("the first " + kept.treeSize() + " have the root of the checkpoint");

        // The forger rewrites one decision and recomputes every hash after it, so the chain itself holds.
        List<AuditEntry> entries = new ArrayList<>();
        ExportReader.read(new StringReader(Files.readString(honest)), entries::add);
        int victim = entries.size() - 2;
        String previous = entries.get(victim - 1).hash();
        for (int i = victim; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            AuditEntry changed = i == victim ? new AuditEntry(e.seq(), e.id(), e.occurredAt(), e.type(), e.requestId(),
                    e.actor(), e.actorKind(), e.remoteAddress(), e.planHash(), e.agentId(), e.requestedBy(),
                    e.service(), e.environment(), e.tier(), "APPROVE", e.comment(), e.details(), null, null) : e;
            AuditEntry resealed = changed.sealed(e.seq(), previous);
            entries.set(i, resealed);
            previous = resealed.hash();
        }
        Path forged = files.resolve("forged.json");
        try (var out = Files.newOutputStream(forged); var writer = ExportWriter.open(ExportFormat.JSON, out)) {
            entries.forEach(writer);
        }

        assertThat(verify(forged)).startsWith("VALID: ");
        assertThat(verify(forged, "--checkpoint", checkpoint.toString(), "--log-key", key.toString()))
                .startsWith("BROKEN: the export's first " + kept.treeSize() + " entries do not have the checkpoint's root");
    }

    @Test
    void aCheckpointNotSignedByTheLogKeyIsRefused() throws Exception {
        auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        sealer.sealPending();
        var kept = checkpoints.publish().orElseThrow();
        String forgedSize = kept.note().replaceFirst("\n" + kept.treeSize() + "\n", "\n" + (kept.treeSize() - 1) + "\n");
        Path checkpoint = Files.writeString(files.resolve("checkpoint.txt"), forgedSize);
        Path key = Files.writeString(files.resolve("log-key.txt"), logKey.verifier().encoded());

        assertThat(verify(export("any.json"), "--checkpoint", checkpoint.toString(), "--log-key", key.toString()))
                .startsWith("BROKEN: the checkpoint is not signed by the log key");
    }

    /** What the owner of the database can do: switch the guards off and delete the chain's end with its tree. */
    private void deleteEverythingAbove(long keep) {
        List<String> tables = List.of("audit_entry", "audit_chain", "audit_merkle_node", "audit_checkpoint");
        boolean postgres = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) connection ->
                connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")));
        tables.forEach(table -> jdbc.execute(postgres
                ? "ALTER TABLE " + table + " DISABLE TRIGGER " + table + "_append_only"
                : "DROP TRIGGER " + table + "_append_only"));
        try {
            jdbc.update("DELETE FROM audit_checkpoint WHERE tree_size > ?", keep);
            // A node whose subtree reaches past the kept leaves describes entries that no longer exist.
            jdbc.update("DELETE FROM audit_merkle_node WHERE (idx + 1) * POWER(2, level) > ?", keep);
            List<Long> doomed = jdbc.queryForList("SELECT entry_id FROM audit_chain WHERE seq > ? ORDER BY seq DESC",
                    Long.class, keep);
            for (long entry : doomed) {
                jdbc.update("DELETE FROM audit_chain WHERE entry_id = ?", entry);
                jdbc.update("DELETE FROM audit_entry WHERE id = ?", entry);
            }
        } finally {
            tables.forEach(table -> jdbc.execute(postgres
                    ? "ALTER TABLE " + table + " ENABLE TRIGGER " + table + "_append_only"
                    : "CREATE TRIGGER " + table + "_append_only BEFORE UPDATE, DELETE ON " + table
                            + " FOR EACH ROW CALL '" + H2AppendOnlyTrigger.class.getName() + "'"));
        }
    }

    private Path export(String name) throws Exception {
        Path export = files.resolve(name);
        try (var out = Files.newOutputStream(export); var writer = ExportWriter.open(ExportFormat.JSON, out)) {
            queries.streamChain(AuditFilter.NONE, writer);
        }
        return export;
    }

    private static String verify(Path export, String... options) {
        var printed = new ByteArrayOutputStream();
        String[] args = new String[options.length + 1];
        args[0] = export.toString();
        System.arraycopy(options, 0, args, 1, options.length);
        VerifyExport.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }
}
