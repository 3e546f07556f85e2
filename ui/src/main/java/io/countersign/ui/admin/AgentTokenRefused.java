package io.countersign.ui.admin;

/** The service would not create the token; {@code field} is the create form's field name. */
public class AgentTokenRefused extends RuntimeException {

    private final String field;

    public AgentTokenRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
