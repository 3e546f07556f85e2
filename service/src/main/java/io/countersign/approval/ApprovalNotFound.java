package io.countersign.approval;

/** No approval task with this id exists, or the caller is not routed to it. */
public class ApprovalNotFound extends RuntimeException {
    public ApprovalNotFound(String id) {
        super("no approval task " + id);
    }
}
