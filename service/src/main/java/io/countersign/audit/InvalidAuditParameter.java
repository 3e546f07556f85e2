package io.countersign.audit;

/** A query parameter an auditor sent that cannot be used as given. */
class InvalidAuditParameter extends RuntimeException {

    private final String parameter;

    InvalidAuditParameter(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
