package io.countersign.approval;

/**
 * The request was withdrawn before this step: the workflow must not open an approval for it or approve it. Workers
 * turn it into the declared BPMN error that ends the process as withdrawn.
 */
public class AlreadyWithdrawn extends RuntimeException {
    public AlreadyWithdrawn(String requestId) {
        super("request " + requestId + " was withdrawn; it is not approved");
    }
}
