package io.countersign.stall;

/** The engine did not take the retry; the request is stalled again, with this as its reason. */
public class StallRetryNotSent extends RuntimeException {

    public StallRetryNotSent(String requestId, String why) {
        super("the engine did not take the retry of request " + requestId + ": " + why
                + "; the request is stalled again");
    }
}
