package io.countersign.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies an audit export (CSV or JSON) without the server: every entry's hash against its contents, and every link
 * between consecutive seqs. Names the first broken entry. With a checkpoint the auditor kept (and the log key it was
 * published with), also checks its signature and that the export's first N entries have the checkpoint's root:
 * nothing up to that size was removed or rewritten. Exit code 0 valid, 1 broken, 2 unreadable.
 *
 * <pre>java -cp countersign.jar -Dloader.main=io.countersign.audit.VerifyExport \
 *     org.springframework.boot.loader.launch.PropertiesLauncher audit-export.json \
 *     [--checkpoint checkpoint.txt --log-key log-key.txt]</pre>
 */
public final class VerifyExport {

    static final int VALID = 0;
    static final int BROKEN = 1;
    static final int UNREADABLE = 2;

    private static final String USAGE = "usage: VerifyExport <audit-export.csv|audit-export.json>"
            + " [--checkpoint <checkpoint note> --log-key <log key file>]"
            + "\n   or: VerifyExport --evidence <evidence-pack.json> [--log-key <log key file>]";

    private VerifyExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args));
        String evidenceFile = option(rest, "--evidence");
        String checkpointFile = option(rest, "--checkpoint");
        String keyFile = option(rest, "--log-key");
        if (evidenceFile != null) {
            return evidence(evidenceFile, keyFile, rest, out);
        }
        if (rest.size() != 1 || rest.getFirst().startsWith("--") || (checkpointFile == null) != (keyFile == null)) {
            out.println(USAGE);
            return UNREADABLE;
        }
        CheckpointCheck against = null;
        SignedNote.Checkpoint checkpoint = null;
        if (checkpointFile != null) {
            try {
                var key = SignedNote.VerifierKey.parse(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8));
                checkpoint = SignedNote.verify(Files.readString(Path.of(checkpointFile), StandardCharsets.UTF_8), key);
                against = new CheckpointCheck(checkpoint);
            } catch (IOException e) {
                out.println("UNREADABLE: " + e.getMessage());
                return UNREADABLE;
            } catch (SignedNote.Rejected e) {
                out.println("BROKEN: the checkpoint is not signed by the log key: " + e.getMessage());
                return BROKEN;
            }
        }
        var check = new ChainCheck(false);
        CheckpointCheck tree = against;
        try (var reader = Files.newBufferedReader(Path.of(rest.getFirst()), StandardCharsets.UTF_8)) {
            ExportReader.read(reader, entry -> {
                if (check.accept(entry) && tree != null) {
                    tree.accept(entry);
                }
            });
        } catch (IOException e) {
            out.println("UNREADABLE: " + e.getMessage());
            return UNREADABLE;
        } catch (ExportReader.Unreadable e) {
            out.println("UNREADABLE: " + e.getMessage());
            return UNREADABLE;
        }
        Verification result = check.result();
        if (!result.valid()) {
            out.println("BROKEN at seq " + result.firstBrokenSeq() + ": " + result.reason()
                    + " (" + result.entriesChecked() + " entries before it are valid)");
            return BROKEN;
        }
        if (tree != null && tree.problem() != null) {
            out.println("BROKEN: " + tree.problem());
            return BROKEN;
        }
        out.println("VALID: " + result.entriesChecked() + " entries"
                + (check.gaps() == 0 ? "" : ", " + check.gaps()
                        + " gaps in seq (a filtered export; links across a gap cannot be checked)")
                + (checkpoint == null ? "" : "; the first " + checkpoint.treeSize()
                        + " have the root of the checkpoint signed by " + checkpoint.origin()));
        return VALID;
    }

    private static int evidence(String file, String keyFile, List<String> rest, PrintStream out) {
        if (!rest.isEmpty()) {
            out.println(USAGE);
            return UNREADABLE;
        }
        try {
            var key = keyFile == null ? null
                    : SignedNote.VerifierKey.parse(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8));
            out.println(VerifyEvidence.verify(Files.readString(Path.of(file), StandardCharsets.UTF_8), key));
            return VALID;
        } catch (IOException e) {
            out.println("UNREADABLE: " + e.getMessage());
            return UNREADABLE;
        } catch (SignedNote.Rejected e) {
            out.println("UNREADABLE: the log key: " + e.getMessage());
            return UNREADABLE;
        } catch (VerifyEvidence.Broken e) {
            out.println("BROKEN: " + e.getMessage());
            return BROKEN;
        } catch (RuntimeException e) {
            out.println("BROKEN: the pack is malformed: " + e);
            return BROKEN;
        }
    }

    /** Removes {@code name value} from the arguments and returns the value (null if absent). */
    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return null;
        }
        String value = args.remove(at + 1);
        args.remove(at);
        return value;
    }
}
