package io.countersign.stall;

/** The stall does not name the element instance it stopped at, so there is nothing a retry could give back. */
public class StallNotRetryable extends RuntimeException {

    public StallNotRetryable(String requestId, String step) {
        super("the stall of request " + requestId + " at " + step
                + " names no element instance to retry; close the request instead");
    }
}
