package io.countersign.ui.shared;

import java.time.Duration;
import java.time.Instant;

/**
 * An SLA deadline put into words at the moment a page is rendered.
 *
 * @param dueSoon less than {@link #DUE_SOON} left, so the page can draw the eye before it is overdue
 */
public record SlaState(String text, boolean overdue, boolean dueSoon) {

    static final Duration DUE_SOON = Duration.ofMinutes(15);

    public static SlaState of(Instant due, Instant now) {
        if (due == null) {
            return new SlaState("no SLA", false, false);
        }
        Duration left = Duration.between(now, due);
        if (left.isNegative()) {
            return new SlaState("overdue by " + Durations.humanize(left.negated()), true, false);
        }
        return new SlaState("due in " + Durations.humanize(left), false, left.compareTo(DUE_SOON) < 0);
    }

    /** Time to an approval's expiry: "expires in 3h", "expired 5m ago". */
    public static SlaState expiry(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return new SlaState("never expires", false, false);
        }
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative() || left.isZero()) {
            return new SlaState("expired " + Durations.humanize(left.negated()) + " ago", true, false);
        }
        return new SlaState("expires in " + Durations.humanize(left), false, left.compareTo(DUE_SOON) < 0);
    }

    public String cssClass() {
        return overdue ? "sla-overdue" : dueSoon ? "sla-soon" : "";
    }
}
