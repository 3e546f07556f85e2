package io.countersign.ui.inbox;

/** A claim or unclaim the service would not do; the message is shown to the approver as is. */
public class ClaimRefused extends RuntimeException {

    public ClaimRefused(String reason) {
        super(reason);
    }
}
