package io.countersign.ui.submit;

import java.util.Arrays;
import java.util.List;

/** One action row of the submit form; a mutable bean because Spring binds {@code actions[i].field} into it. */
public class ActionForm {

    private String operation;
    private String resourceType;
    private String resource;
    private String scope;
    private String regions;
    /**
     * Starts ticked: an unticked box would silently make the change irreversible, which the policy tiers higher (an
     * irreversible change in production needs SRE). The form says so next to it; destructive operations are never
     * treated as reversible whatever the box says.
     */
    private boolean reversible = true;
    private String command;
    private String rollbackPlan;

    static ActionForm of(PlanDraft.ActionDraft draft) {
        ActionForm form = new ActionForm();
        form.operation = draft.operation();
        form.resourceType = draft.resourceType();
        form.resource = draft.resource();
        form.scope = draft.scope();
        form.regions = String.join(", ", draft.regions());
        form.reversible = draft.reversible();
        form.command = draft.command();
        form.rollbackPlan = draft.rollbackPlan();
        return form;
    }

    PlanDraft.ActionDraft toDraft() {
        return new PlanDraft.ActionDraft(PlanForm.clean(operation), PlanForm.clean(resourceType),
                PlanForm.clean(resource), PlanForm.clean(scope), regionList(), reversible, PlanForm.clean(command),
                PlanForm.clean(rollbackPlan));
    }

    private List<String> regionList() {
        if (regions == null || regions.isBlank()) {
            return List.of();
        }
        return Arrays.stream(regions.split("[,\\s]+")).filter(r -> !r.isBlank()).toList();
    }

    public String getOperation() {
        return operation;
    }

    public void setOperation(String operation) {
        this.operation = operation;
    }

    public String getResourceType() {
        return resourceType;
    }

    public void setResourceType(String resourceType) {
        this.resourceType = resourceType;
    }

    public String getResource() {
        return resource;
    }

    public void setResource(String resource) {
        this.resource = resource;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    public String getRegions() {
        return regions;
    }

    public void setRegions(String regions) {
        this.regions = regions;
    }

    public boolean isReversible() {
        return reversible;
    }

    public void setReversible(boolean reversible) {
        this.reversible = reversible;
    }

    public String getCommand() {
        return command;
    }

    public void setCommand(String command) {
        this.command = command;
    }

    public String getRollbackPlan() {
        return rollbackPlan;
    }

    public void setRollbackPlan(String rollbackPlan) {
        this.rollbackPlan = rollbackPlan;
    }
}
