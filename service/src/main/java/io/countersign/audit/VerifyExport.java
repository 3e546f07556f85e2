package io.countersign.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Verifies an audit export (CSV or JSON) without the server: every entry's hash against its contents, and every link
 * between consecutive seqs. Names the first broken entry. Exit code 0 valid, 1 broken, 2 unreadable.
 *
 * <pre>java -cp countersign.jar -Dloader.main=io.countersign.audit.VerifyExport \
 *     org.springframework.boot.loader.launch.PropertiesLauncher audit-export.json</pre>
 */
public final class VerifyExport {

    static final int VALID = 0;
    static final int BROKEN = 1;
    static final int UNREADABLE = 2;

    private VerifyExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length != 1) {
            out.println("usage: VerifyExport <audit-export.csv|audit-export.json>");
            return UNREADABLE;
        }
        var check = new ChainCheck(false);
        try (var reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            ExportReader.read(reader, check::accept);
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
        out.println("VALID: " + result.entriesChecked() + " entries"
                + (check.gaps() == 0 ? "" : ", " + check.gaps()
                        + " gaps in seq (a filtered export; links across a gap cannot be checked)"));
        return VALID;
    }
}
