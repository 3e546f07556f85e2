package io.countersign.ui.audit;

/** A filter the audit log cannot use as given; {@code field} is the form field's name. */
public class AuditQueryRefused extends RuntimeException {

    private final String field;

    public AuditQueryRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
