package io.countersign.ui.admin;

import io.countersign.ui.shared.Viewer;
import java.time.Instant;
import java.util.List;

/**
 * Port: the change-freeze calendar for admins, over the same audited service and validation as
 * {@code /api/v1/freeze-windows}; the page checks nothing itself.
 */
public interface FreezeWindowAdmin {

    /** Every window, with its next (or current) occurrence. */
    List<FreezeWindowRow> windows(Viewer viewer);

    /**
     * Adds a window.
     *
     * @throws FreezeWindowRefused naming the form field the service refused, and why
     */
    FreezeWindowRow create(Viewer viewer, FreezeWindowForm form);

    /**
     * Deletes a window.
     *
     * @throws AdminActionRefused if there is no such window
     */
    FreezeWindowRow delete(Viewer viewer, String id);

    /**
     * One window as the page lists it.
     *
     * @param schedule  "one-off" with its start and end, or the RRULE with its first start and duration
     * @param scope     environments, and services and regions when given
     * @param nextFrom  the current or next occurrence's start, null when none is ahead
     * @param activeNow whether an occurrence covers now
     */
    record FreezeWindowRow(String id, String name, String reason, String schedule, String timeZone, String scope,
                           Instant nextFrom, Instant nextUntil, boolean activeNow) {
    }

    /** The service refused the form: {@code field} is the form field at fault. */
    final class FreezeWindowRefused extends RuntimeException {

        private final String field;

        public FreezeWindowRefused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
