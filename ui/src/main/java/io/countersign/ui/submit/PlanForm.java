package io.countersign.ui.submit;

import java.util.ArrayList;
import java.util.List;

/**
 * The submit form. Input names follow the API's JSON paths ({@code agent.id}, {@code actions[0].resource}), so a
 * problem the service reports lands next to the input it is about.
 */
public class PlanForm {

    /** Keeps a forged request from growing the list without bound. */
    static final int MAX_ACTIONS = 50;

    private String title;
    private String justification;
    private String service;
    private String environment;
    private AgentForm agent = new AgentForm();
    private List<ActionForm> actions = new ArrayList<>();

    static PlanForm withOneAction() {
        PlanForm form = new PlanForm();
        form.addAction();
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
                clean(agent.getId()), clean(agent.getName()), actions.stream().map(ActionForm::toDraft).toList());
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

    public AgentForm getAgent() {
        return agent;
    }

    public void setAgent(AgentForm agent) {
        this.agent = agent == null ? new AgentForm() : agent;
    }

    public List<ActionForm> getActions() {
        return actions;
    }

    public void setActions(List<ActionForm> actions) {
        this.actions = actions == null ? new ArrayList<>() : new ArrayList<>(actions);
    }

    /** The agent that proposed the plan. */
    public static class AgentForm {

        private String id;
        private String name;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
