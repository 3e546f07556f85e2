package io.countersign.ui.submit;

import java.util.ArrayList;
import java.util.List;

/**
 * The submit form. Input names follow the API's JSON paths ({@code title}, {@code actions[0].resource}), so a
 * problem the service reports lands next to the input it is about. It has no agent fields: a person submitting on
 * the web is not an agent, and only an agent token names one.
 */
public class PlanForm {

    /** Keeps a forged request from growing the list without bound. */
    static final int MAX_ACTIONS = 50;

    private String title;
    private String justification;
    private String service;
    private String environment;
    private String revisionOf;
    private List<ActionForm> actions = new ArrayList<>();

    static PlanForm withOneAction() {
        PlanForm form = new PlanForm();
        form.addAction();
        return form;
    }

    /** The plan of an earlier request, to edit into its revision. */
    static PlanForm revising(String requestId, PlanDraft earlier) {
        PlanForm form = new PlanForm();
        form.title = earlier.title();
        form.justification = earlier.justification();
        form.service = earlier.service();
        form.environment = earlier.environment();
        form.revisionOf = requestId;
        earlier.actions().forEach(a -> form.actions.add(ActionForm.of(a)));
        if (form.actions.isEmpty()) {
            form.addAction();
        }
        return form;
    }

    void addAction() {
        if (actions.size() < MAX_ACTIONS) {
            actions.add(new ActionForm());
        }
    }

    void removeAction(int index) {
        if (index >= 0 && index < actions.size() && actions.size() > 1) {
            actions.remove(index);
        }
    }

    PlanDraft toDraft() {
        return new PlanDraft(clean(title), clean(justification), clean(service), clean(environment),
                actions.stream().map(ActionForm::toDraft).toList(), clean(revisionOf));
    }

    static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getJustification() {
        return justification;
    }

    public void setJustification(String justification) {
        this.justification = justification;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getRevisionOf() {
        return revisionOf;
    }

    public void setRevisionOf(String revisionOf) {
        this.revisionOf = revisionOf;
    }

    public List<ActionForm> getActions() {
        return actions;
    }

    public void setActions(List<ActionForm> actions) {
        this.actions = actions == null ? new ArrayList<>() : new ArrayList<>(actions);
    }
}
