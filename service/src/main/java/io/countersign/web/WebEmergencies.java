package io.countersign.web;

import io.countersign.approval.Approvals;
import io.countersign.approval.BreakGlass;
import io.countersign.approval.BreakGlassRefused;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.EmergencyClaim;
import io.countersign.policy.BreakGlassProperties;
import io.countersign.security.Actor;
import io.countersign.ui.emergency.EmergencyPanel;
import io.countersign.ui.emergency.EmergencyRefused;
import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Viewer;
import io.countersign.approval.BreakGlasses;
import io.countersign.freeze.ActiveFreeze;
import io.countersign.freeze.FreezeWindows;
import io.countersign.ui.emergency.Emergencies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The freeze notices and the break-glass banner of the web pages, over {@link FreezeWindows} and {@link BreakGlasses}. */
@Component
class WebEmergencies implements Emergencies {

    private static final Duration UPCOMING = Duration.ofDays(14);
    private static final int REPORT_ROWS = 200;

    private final FreezeWindows freezeWindows;
    private final BreakGlasses breakGlasses;
    private final Clock clock;
    private final ChangeRequestRepository requests;
    private final Approvals approvals;
    private final BreakGlassProperties settings;

    WebEmergencies(FreezeWindows freezeWindows, BreakGlasses breakGlasses, Clock clock,
                   ChangeRequestRepository requests, Approvals approvals, BreakGlassProperties settings) {
        this.requests = requests;
        this.approvals = approvals;
        this.settings = settings;
        this.freezeWindows = freezeWindows;
        this.breakGlasses = breakGlasses;
        this.clock = clock;
    }

    @Override
    public List<FreezeNotice> freezes() {
        Instant now = clock.instant();
        List<FreezeNotice> notices = new ArrayList<>();
        freezeWindows.activeAt(now).forEach(f -> notices.add(notice(f, true)));
        freezeWindows.upcoming(now, UPCOMING).forEach(f -> notices.add(notice(f, false)));
        return notices;
    }

    @Override
    public Optional<BreakGlassNotice> breakGlassOf(String requestId) {
        return breakGlasses.uses(requestId).map(WebEmergencies::notice);
    }

    @Override
    public List<BreakGlassNotice> breakGlassUses() {
        return breakGlasses.uses(REPORT_ROWS).stream().map(WebEmergencies::notice).toList();
    }

    @Override
    public EmergencyPanel panel(Viewer viewer, String requestId) {
        Actor actor = WebViewers.actor(viewer);
        if (visible(actor, requestId, actor.groups().contains(settings.breakGlassGroup())
                || breakGlasses.mayReview(actor, requestId)).isEmpty()) {
            return EmergencyPanel.none();
        }
        List<EmergencyPanel.ReviewRow> reviews = breakGlasses.find(requestId).map(BreakGlass::reviews)
                .orElse(List.of()).stream().map(r -> new EmergencyPanel.ReviewRow(r.reviewer(), r.group(),
                        r.outcome().name(), r.comment(), r.reviewedAt())).toList();
        String onSubmit = breakGlasses.emergencyOf(requestId).filter(c -> !c.open()).map(WebEmergencies::onSubmit)
                .orElse(null);
        return new EmergencyPanel(breakGlasses.mayBreakGlass(actor, requestId),
                breakGlasses.mayReview(actor, requestId), reviews, onSubmit);
    }

    @Override
    public void breakGlass(Viewer viewer, String requestId, String reason, String incidentRef) {
        Actor actor = WebViewers.actor(viewer);
        visible(actor, requestId, actor.groups().contains(settings.breakGlassGroup()))
                .orElseThrow(() -> new RequestNotFound(requestId));
        try {
            breakGlasses.breakGlass(requestId, actor, blankToNull(reason), blankToNull(incidentRef));
        } catch (BreakGlassRefused refused) {
            breakGlasses.recordRefusal(requestId, actor, refused);
            throw new EmergencyRefused(refused.field(), sentence(refused.getMessage()));
        }
    }

    @Override
    public void review(Viewer viewer, String requestId, String outcome, String comment) {
        Actor actor = WebViewers.actor(viewer);
        visible(actor, requestId, breakGlasses.mayReview(actor, requestId))
                .orElseThrow(() -> new RequestNotFound(requestId));
        BreakGlass.ReviewOutcome mark;
        try {
            mark = outcome == null ? null : BreakGlass.ReviewOutcome.valueOf(outcome);
        } catch (IllegalArgumentException unknown) {
            throw new EmergencyRefused("outcome", "Choose Accepted or Flagged.");
        }
        try {
            breakGlasses.review(requestId, actor, mark, blankToNull(comment));
        } catch (BreakGlassRefused refused) {
            throw new EmergencyRefused(refused.field(), sentence(refused.getMessage()));
        }
    }

    /** Seen as the API sees it; the break-glass group may rescue a plan it could not otherwise see. */
    private Optional<ChangeRequest> visible(Actor actor, String requestId, boolean alsoAllowed) {
        return requests.find(requestId).filter(r -> alsoAllowed || approvals.maySee(actor, r));
    }

    private static String onSubmit(EmergencyClaim claim) {
        return switch (claim.state()) {
            case APPLIED -> "Emergency asked for on submit by " + claim.invokedBy() + ": glass broken.";
            case NOT_NEEDED -> "Emergency asked for on submit by " + claim.invokedBy() + ": not needed; "
                    + claim.note() + ".";
            case REFUSED -> "Emergency asked for on submit by " + claim.invokedBy() + ": refused; "
                    + claim.note() + ".";
            case ASKED -> null;
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String sentence(String message) {
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }

    private static BreakGlassNotice notice(BreakGlasses.Use u) {
        return new BreakGlassNotice(u.requestId(), u.invokedBy(), u.reason(), u.incidentRef(), u.invokedAt(),
                u.reviewDueAt(), u.reviewOutcome(), u.reviews().stream().map(BreakGlass.Review::reviewer).toList());
    }

    private static FreezeNotice notice(ActiveFreeze f, boolean active) {
        return new FreezeNotice(f.name(), f.reason(), f.from(), f.until(), active);
    }
}
