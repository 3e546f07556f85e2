package io.countersign.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Lets tests in other packages run the offline verifier as an auditor would, and read what it prints. */
public final class VerifyExportAccess {

    private VerifyExportAccess() {
    }

    public static String run(String... args) {
        var printed = new ByteArrayOutputStream();
        VerifyExport.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }
}
