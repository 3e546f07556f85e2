package io.countersign.intake;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.groups.Default;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** One step of a change plan: what it touches, how far it reaches, and how to undo it. */
public record PlanAction(
        @NotNull Operation operation,
        @NotBlank @Size(max = 100) String resourceType,
        @NotBlank @Size(max = 300) String resource,
        @NotNull Scope scope,
        @Size(max = 50, groups = {PlanShape.class, Default.class}) List<@NotBlank @Size(max = 50) String> regions,
        @NotNull Boolean reversible,
        @NotBlank @Size(max = 20000) String command,
        @Size(max = 4000) String rollbackPlan) {

    public PlanAction {
        regions = regions == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(regions));
    }

    public boolean hasRollbackPlan() {
        return rollbackPlan != null && !rollbackPlan.isBlank();
    }
}
