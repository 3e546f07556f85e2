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
}
