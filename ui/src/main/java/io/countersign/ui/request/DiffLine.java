package io.countersign.ui.request;

import java.util.Arrays;
import java.util.List;

/**
 * One line of an action's command when it is a unified diff, with what it does, so the page can colour it.
 * A command is shown as a diff only if it looks like one (a line starting with {@code +}, {@code -} or {@code @@});
 * anything else is shown verbatim.
 */
public record DiffLine(Kind kind, String text) {

    public enum Kind {
        ADDED, REMOVED, HUNK, FILE, CONTEXT;

        public String cssClass() {
            return "diff-" + name().toLowerCase();
        }
    }

    /** The command split into diff lines, or empty if it does not look like a diff. */
    public static List<DiffLine> of(String command) {
        if (command == null || command.isEmpty()) {
            return List.of();
        }
        List<DiffLine> lines = Arrays.stream(command.split("\r?\n", -1)).map(DiffLine::line).toList();
        boolean diff = lines.stream().anyMatch(l -> l.kind() == Kind.ADDED || l.kind() == Kind.REMOVED
                || l.kind() == Kind.HUNK);
        return diff ? lines : List.of();
    }

    private static DiffLine line(String text) {
        Kind kind;
        if (text.startsWith("+++ ") || text.startsWith("--- ")) {
            kind = Kind.FILE;
        } else if (text.startsWith("@@")) {
            kind = Kind.HUNK;
        } else if (text.startsWith("+")) {
            kind = Kind.ADDED;
        } else if (text.startsWith("-")) {
            kind = Kind.REMOVED;
        } else {
            kind = Kind.CONTEXT;
        }
        return new DiffLine(kind, text);
    }
}
