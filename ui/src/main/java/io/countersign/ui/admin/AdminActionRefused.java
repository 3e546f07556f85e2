package io.countersign.ui.admin;

/** An admin action the service refused, with a sentence the page shows as is. */
public class AdminActionRefused extends RuntimeException {

    public AdminActionRefused(String message) {
        super(message);
    }
}
