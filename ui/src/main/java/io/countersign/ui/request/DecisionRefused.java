package io.countersign.ui.request;

/**
 * The service would not take the decision (self-approval, second approval by the same person, no longer pending,
 * missing comment...). The message is a sentence for the approver and is shown on the page as is.
 */
public class DecisionRefused extends RuntimeException {

    public DecisionRefused(String reason) {
        super(reason);
    }
}
