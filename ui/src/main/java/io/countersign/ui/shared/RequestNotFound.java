package io.countersign.ui.shared;

/**
 * Thrown by a port when a change request does not exist or the viewer may not see it; both render the same 404,
 * so the page does not reveal which.
 */
public class RequestNotFound extends RuntimeException {

    private final String requestId;

    public RequestNotFound(String requestId) {
        super("No change request " + requestId);
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
