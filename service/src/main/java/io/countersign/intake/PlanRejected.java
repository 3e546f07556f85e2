package io.countersign.intake;

/** A plan that passed the field checks but breaks a rule that needs the database or the caller to judge. */
public class PlanRejected extends RuntimeException {

    private final String field;

    public PlanRejected(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
