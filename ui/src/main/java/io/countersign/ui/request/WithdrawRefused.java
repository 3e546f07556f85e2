package io.countersign.ui.request;

/** The service did not withdraw the plan; the message says why, for the requester. */
public class WithdrawRefused extends RuntimeException {

    public WithdrawRefused(String message) {
        super(message);
    }
}
