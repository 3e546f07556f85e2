package io.countersign.audit;

/** A query parameter an auditor sent that cannot be used as given. */
public class InvalidAuditParameter extends RuntimeException {

    private final String parameter;

    InvalidAuditParameter(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
