package io.countersign.intake;

/** A change request was asked to move somewhere its lifecycle does not allow from where it is. */
public class IllegalTransition extends RuntimeException {

    private final RequestStatus from;

    public IllegalTransition(String what, RequestStatus from) {
        super("cannot " + what + " a request that is " + from);
        this.from = from;
    }

    public RequestStatus from() {
        return from;
    }
}
