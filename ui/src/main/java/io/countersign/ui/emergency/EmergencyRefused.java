package io.countersign.ui.emergency;

/**
 * The service refused a break-glass or a review of one; the message says why, for the person who tried.
 * {@link #field()} names the form field at fault ({@code reason}, {@code incidentRef}, {@code outcome},
 * {@code comment}), or is null when the refusal is about the request or the person.
 */
public class EmergencyRefused extends RuntimeException {

    private final String field;

    public EmergencyRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
