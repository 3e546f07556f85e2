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
    private boolean reversible;
    private String command;
    private String rollbackPlan;

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
