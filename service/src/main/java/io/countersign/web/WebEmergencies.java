package io.countersign.web;

import io.countersign.approval.BreakGlass;
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

    WebEmergencies(FreezeWindows freezeWindows, BreakGlasses breakGlasses, Clock clock) {
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

    private static BreakGlassNotice notice(BreakGlasses.Use u) {
        return new BreakGlassNotice(u.requestId(), u.invokedBy(), u.reason(), u.incidentRef(), u.invokedAt(),
                u.reviewDueAt(), u.reviewOutcome(), u.reviews().stream().map(BreakGlass.Review::reviewer).toList());
    }

    private static FreezeNotice notice(ActiveFreeze f, boolean active) {
        return new FreezeNotice(f.name(), f.reason(), f.from(), f.until(), active);
    }
}
