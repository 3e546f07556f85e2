package io.countersign.audit;

import static io.countersign.audit.AuditFixtures.decided;
import static io.countersign.audit.AuditFixtures.uniqueRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Alters one stored entry the way an attacker with database access would, around the append-only trigger, and
 * expects both verifiers to name exactly that entry. The row is put back afterwards because the database is shared
 * by the other audit tests.
 */
@AuditSliceTest
class TamperDetectionTest {

    @Autowired
    AuditLog auditLog;
    @Autowired
    ChainSealer sealer;
    @Autowired
    AuditQueries queries;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path files;

    @Test
    void serverAndOfflineVerifiersNameTheExactAlteredEntry() throws Exception {
        long before = auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        long victim = auditLog.append(decided(uniqueRequestId(), "mallory", "REJECT"));
        auditLog.append(decided(uniqueRequestId(), "carol", "APPROVE"));
        sealer.sealPending();
        long victimSeq = jdbc.queryForObject("SELECT seq FROM audit_chain WHERE entry_id = ?", Long.class, victim);
        assertThat(queries.verify().valid()).isTrue();

        withoutGuards("audit_entry", () -> jdbc.update("UPDATE audit_entry SET outcome = 'APPROVE' WHERE id = ?",
                victim));
        try {
            Verification server = queries.verify();
            Path export = files.resolve("tampered.json");
            try (var out = Files.newOutputStream(export); var writer = ExportWriter.open(ExportFormat.JSON, out)) {
                queries.streamChain(AuditFilter.NONE, writer);
            }
            var printed = new ByteArrayOutputStream();
            int exit = VerifyExport.run(new String[] {export.toString()},
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(server.valid()).isFalse();
            assertThat(server.firstBrokenSeq()).isEqualTo(victimSeq);
            assertThat(server.reason()).contains("hash does not match");
            assertThat(exit).isEqualTo(VerifyExport.BROKEN);
            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("BROKEN at seq " + victimSeq + ":");
        } finally {
            withoutGuards("audit_entry", () -> jdbc.update("UPDATE audit_entry SET outcome = 'REJECT' WHERE id = ?",
                    victim));
        }
        assertThat(before).isLessThan(victim);
        assertThat(queries.verify().valid()).isTrue();
    }

    @Test
    void aChainWalkedInSeveralRangesNamesTheExactAlteredEntryAndTheBrokenSeam() throws Exception {
        for (int i = 0; i < 12; i++) {
            auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        }
        long victim = auditLog.append(decided(uniqueRequestId(), "mallory", "REJECT"));
        sealer.sealPending();
        long top = jdbc.queryForObject("SELECT max(seq) FROM audit_chain", Long.class);
        long victimSeq = jdbc.queryForObject("SELECT seq FROM audit_chain WHERE entry_id = ?", Long.class, victim);
        Verification whole = queries.verifyChain(top, 1);
        assertThat(whole.valid()).isTrue();
        assertThat(queries.verifyChain(top, 4)).isEqualTo(whole);

        withoutGuards("audit_entry", () -> jdbc.update("UPDATE audit_entry SET outcome = 'APPROVE' WHERE id = ?",
                victim));
        try {
            Verification ranged = queries.verifyChain(top, 4);
            assertThat(ranged.firstBrokenSeq()).isEqualTo(victimSeq);
            assertThat(ranged.reason()).contains("hash does not match");
            assertThat(ranged.entriesChecked()).isEqualTo(victimSeq - 1);
        } finally {
            withoutGuards("audit_entry", () -> jdbc.update("UPDATE audit_entry SET outcome = 'REJECT' WHERE id = ?",
                    victim));
        }

        // Where the third of four ranges starts, the link into it is what each range alone cannot see.
        long seam = 1 + top * 2 / 4;
        String original = jdbc.queryForObject("SELECT prev_hash FROM audit_chain WHERE seq = ?", String.class, seam);
        withoutGuards("audit_chain", () -> jdbc.update("UPDATE audit_chain SET prev_hash = ? WHERE seq = ?",
                "f".repeat(64), seam));
        try {
            Verification ranged = queries.verifyChain(top, 4);
            assertThat(ranged.firstBrokenSeq()).isEqualTo(seam);
            assertThat(ranged.reason()).isEqualTo("prev_hash does not match the hash of seq " + (seam - 1));
        } finally {
            withoutGuards("audit_chain", () -> jdbc.update("UPDATE audit_chain SET prev_hash = ? WHERE seq = ?",
                    original, seam));
        }
        assertThat(queries.verifyChain(top, 4)).isEqualTo(whole);
    }

    @Test
    void offlineVerifierNamesAnEntryWhoseHashWasRecomputedByTheLinkThatFollows() throws Exception {
        // One line per entry (no line breaks in comments), so the forgery below can edit the file line by line.
        auditLog.append(AuditEvent.builder("CLAIMED", "bob", "HUMAN").requestId(uniqueRequestId()).build());
        auditLog.append(AuditEvent.builder("CLAIMED", "carol", "HUMAN").requestId(uniqueRequestId()).build());
        sealer.sealPending();
        Path export = files.resolve("export.csv");
        try (var out = Files.newOutputStream(export); var writer = ExportWriter.open(ExportFormat.CSV, out)) {
            queries.streamChain(AuditFilter.NONE, writer);
        }
        var lines = Files.readAllLines(export);
        int row = lines.size() - 2;
        String[] cells = lines.get(row).split(",", 2);
        long seq = Long.parseLong(cells[0]);
        // A forger who rewrites an entry and its own hash still cannot fix the next entry's prev_hash.
        String forged = lines.get(row).replace("\"carol\"", "\"eve\"").replace("\"bob\"", "\"eve\"");
        AuditEntry parsed = parseSingle(lines.getFirst(), forged);
        lines.set(row, forged.replace(parsed.hash(), EntryHash.of(parsed)));
        Files.write(export, lines);

        var printed = new ByteArrayOutputStream();
        int exit = VerifyExport.run(new String[] {export.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(VerifyExport.BROKEN);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("BROKEN at seq " + (seq + 1) + ": prev_hash does not match the hash of seq " + seq);
    }

    @Test
    void unreadableExportExitsWithTwo() throws Exception {
        Path garbage = Files.writeString(files.resolve("garbage.json"), "[{\"seq\": ");
        var printed = new ByteArrayOutputStream();

        int exit = VerifyExport.run(new String[] {garbage.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(VerifyExport.UNREADABLE);
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("UNREADABLE");
    }

    private static AuditEntry parseSingle(String header, String row) throws Exception {
        var entries = new java.util.ArrayList<AuditEntry>();
        ExportReader.read(new java.io.StringReader(header + "\r\n" + row + "\r\n"), entries::add);
        return entries.getFirst();
    }

    private void withoutGuards(String table, Runnable change) throws Exception {
        boolean postgres = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) connection ->
                connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")));
        if (postgres) {
            jdbc.execute("ALTER TABLE " + table + " DISABLE TRIGGER " + table + "_append_only");
        } else {
            jdbc.execute("DROP TRIGGER " + table + "_append_only");
        }
        try {
            change.run();
        } finally {
            if (postgres) {
                jdbc.execute("ALTER TABLE " + table + " ENABLE TRIGGER " + table + "_append_only");
            } else {
                jdbc.execute("CREATE TRIGGER " + table + "_append_only BEFORE UPDATE, DELETE ON " + table
                        + " FOR EACH ROW CALL '" + H2AppendOnlyTrigger.class.getName() + "'");
            }
        }
    }
}
