package io.countersign.cli;

import io.countersign.intake.PlanAction;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the approved actions' commands in plan order with {@code /bin/sh -c}, streaming their output, and stops at the
 * first that fails. The commands get the runner's environment without the Countersign agent token: a plan's command
 * has no business redeeming or reporting anything.
 */
final class Steps {

    /** What one action did: its index in the plan, its exit code, the end of its output. */
    record Step(int action, int exitCode, String outputTail) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Enough to see why a command failed; the server keeps at most 4,000 characters. */
    static final int TAIL = 2000;
    /** The exit code reported for a command that could not even be started (the shell's "not found"). */
    private static final int NOT_STARTED = 127;

    private final PrintWriter out;

    Steps(PrintWriter out) {
        this.out = out;
    }

    List<Step> run(List<PlanAction> actions) {
        List<Step> done = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            PlanAction action = actions.get(i);
            out.printf("[%d/%d] %s %s %s%n$ %s%n", i + 1, actions.size(), action.operation(), action.resourceType(),
                    action.resource(), action.command());
            out.flush();
            Step step = run(i, action.command());
            done.add(step);
            out.printf("[%d/%d] exit %d%n", i + 1, actions.size(), step.exitCode());
            out.flush();
            if (!step.succeeded()) {
                break;
            }
        }
        return done;
    }

    private Step run(int index, String command) {
        ProcessBuilder shell = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        shell.environment().remove("COUNTERSIGN_TOKEN");
        StringBuilder tail = new StringBuilder();
        Process process = null;
        try {
            process = shell.start();
            try (Reader output = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                char[] chunk = new char[4096];
                for (int n = output.read(chunk); n >= 0; n = output.read(chunk)) {
                    out.write(chunk, 0, n);
                    out.flush();
                    tail.append(chunk, 0, n);
                    if (tail.length() > 2 * TAIL) {
                        tail.delete(0, tail.length() - TAIL);
                    }
                }
            }
            return new Step(index, process.waitFor(), tailOf(tail));
        } catch (IOException e) {
            out.println("cannot start the command: " + e.getMessage());
            return new Step(index, NOT_STARTED, "cannot start the command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return new Step(index, NOT_STARTED, tailOf(tail.append("\n(interrupted)")));
        }
    }

    /** The last {@value #TAIL} characters, never starting inside a surrogate pair (the API refuses half of one). */
    static String tailOf(CharSequence text) {
        int start = Math.max(0, text.length() - TAIL);
        if (start > 0 && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        return text.subSequence(start, text.length()).toString();
    }
}
