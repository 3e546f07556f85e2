package io.countersign.ui.emergency;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.countersign.ui.shared.Viewer;

/**
 * Port: change freezes now and soon, and the break-glass of a request. Implemented by the service; the pages only
 * show what it says (freezes are public to everyone signed in; the request page asks only about a request it shows).
 */
public interface Emergencies {

    /** Freezes active now and those starting within the next two weeks, soonest first. */
    List<FreezeNotice> freezes();

    /** The break-glass that approved this request, if someone broke glass for it. */
    Optional<BreakGlassNotice> breakGlassOf(String requestId);

    /** Every break-glass, newest first, with its review outcome: the auditors' report on the audit page. */
    List<BreakGlassNotice> breakGlassUses();

    /** The break-glass form and the review form of a request page, for this viewer; none if they may not see it. */
    EmergencyPanel panel(Viewer viewer, String requestId);

    /**
     * Breaks glass as {@code POST /api/v1/change-requests/{id}/break-glass} does: the same service, rules and audit.
     *
     * @throws EmergencyRefused with the service's reason (and the field, for a missing reason or incident)
     */
    void breakGlass(Viewer viewer, String requestId, String reason, String incidentRef);

    /**
     * Reviews a break-glass as {@code POST .../break-glass/reviews} does.
     *
     * @param outcome {@code ACCEPTED} or {@code FLAGGED}; anything else is refused with the field named
     * @throws EmergencyRefused with the service's reason
     */
    void review(Viewer viewer, String requestId, String outcome, String comment);

    /** One occurrence of a freeze window; {@code active} when it covers now. */
    record FreezeNotice(String name, String reason, Instant from, Instant until, boolean active) {
    }

    /** Who broke glass, why, and where the mandatory review stands (PENDING, OVERDUE, ACCEPTED, FLAGGED). */
    record BreakGlassNotice(String requestId, String invokedBy, String reason, String incidentRef, Instant invokedAt,
                            Instant reviewDueAt, String reviewOutcome, List<String> reviewers) {
    }
}
