package io.countersign.common;

/**
 * A listener of the event publication registry did not finish its delivery (it recorded why and when to try again)
 * and throws this so that the publication stays incomplete and is resubmitted. Already logged; not an error.
 */
public class DeliveryPending extends RuntimeException {

    public DeliveryPending(String message) {
        super(message, null, false, false);
    }
}
