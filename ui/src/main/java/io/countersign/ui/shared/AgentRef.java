package io.countersign.ui.shared;

/** The AI agent that proposed a plan. */
public record AgentRef(String id, String name) {

    public String label() {
        if (name == null || name.isBlank()) {
            return id;
        }
        return id == null || id.isBlank() ? name : name + " (" + id + ")";
    }
}
