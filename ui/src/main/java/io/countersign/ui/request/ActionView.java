package io.countersign.ui.request;

import io.countersign.ui.shared.Operation;
import io.countersign.ui.shared.Scope;
import java.util.List;
import java.util.Objects;

/**
 * One action of a plan, as submitted.
 *
 * @param command      the command or diff the executor will run, shown verbatim
 * @param rollbackPlan {@code null} if the plan has none
 */
public record ActionView(Operation operation, String resourceType, String resource, Scope scope,
                         List<String> regions, boolean reversible, String command, String rollbackPlan) {

    public ActionView {
        Objects.requireNonNull(operation, "operation");
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    public boolean destructive() {
        return operation.destructive();
    }

    /** The command as coloured diff lines; empty if it is not a diff (then it is shown verbatim). */
    public List<DiffLine> diffLines() {
        return DiffLine.of(command);
    }

    public long addedLines() {
        return diffLines().stream().filter(l -> l.kind() == DiffLine.Kind.ADDED).count();
    }

    public long removedLines() {
        return diffLines().stream().filter(l -> l.kind() == DiffLine.Kind.REMOVED).count();
    }

    /** What it does to its resource, for the plan's summary: "destroy", "recreate", "change", "create", "read". */
    public String effect() {
        return switch (operation) {
            case DELETE, DROP, DESTROY, PURGE, TRUNCATE -> "destroy";
            case RECREATE -> "recreate";
            case CREATE -> "create";
            case READ -> "read";
            default -> "change";
        };
    }

    /** "DESTROY cost-explorer-prod in us-east-1". */
    public String target() {
        return operation + " " + resource + (regions.isEmpty() ? "" : " in " + String.join(", ", regions));
    }
}
