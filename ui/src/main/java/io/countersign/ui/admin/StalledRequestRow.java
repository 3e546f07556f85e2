package io.countersign.ui.admin;

import io.countersign.ui.shared.StallNotice;
import java.util.Objects;

/**
 * One stalled request on the admin page.
 *
 * @param retryable the stall names the element it stopped at, so a retry can give the step back to the engine
 */
public record StalledRequestRow(StallNotice stall, String title, String status, boolean retryable) {

    public StalledRequestRow {
        Objects.requireNonNull(stall, "stall");
        Objects.requireNonNull(title, "title");
    }
}
