package io.countersign.stall;

/** An admin asked to retry or close a request that has no open stall (never stalled, or already resolved). */
public class RequestNotStalled extends RuntimeException {

    public RequestNotStalled(String requestId) {
        super("request " + requestId + " is not stalled");
    }
}
