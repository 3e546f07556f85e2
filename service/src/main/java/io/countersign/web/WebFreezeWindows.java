package io.countersign.web;

import io.countersign.freeze.ActiveFreeze;
import io.countersign.freeze.FreezeWindow;
import io.countersign.freeze.FreezeWindowNotFound;
import io.countersign.freeze.FreezeWindows;
import io.countersign.freeze.InvalidFreezeWindow;
import io.countersign.freeze.NewFreezeWindow;
import io.countersign.ui.admin.AdminActionRefused;
import io.countersign.ui.admin.FreezeWindowAdmin;
import io.countersign.ui.admin.FreezeWindowForm;
import io.countersign.ui.shared.Viewer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The admin page's freeze calendar over {@link FreezeWindows}: the same validation and audit as the API. The page's
 * only own work is reading its form: comma-separated lists, and a one-off time typed as local time in the chosen zone
 * (anything it cannot read that way goes to the service as typed, which names the field).
 */
@Component
class WebFreezeWindows implements FreezeWindowAdmin {

    private final FreezeWindows windows;
    private final Clock clock;

    WebFreezeWindows(FreezeWindows windows, Clock clock) {
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    public List<FreezeWindowRow> windows(Viewer viewer) {
        Instant now = clock.instant();
        return windows.all().stream().map(w -> row(w, now)).toList();
    }

    @Override
    public FreezeWindowRow create(Viewer viewer, FreezeWindowForm form) {
        boolean recurring = form.recurring();
        NewFreezeWindow asked = new NewFreezeWindow(text(form.getName()), text(form.getReason()),
                recurring ? null : instant(form.getStartsAt(), form.getTimeZone()),
                recurring ? null : instant(form.getEndsAt(), form.getTimeZone()),
                recurring ? text(form.getRrule()) : null, recurring ? text(form.getFirstStart()) : null,
                recurring ? text(form.getDuration()) : null, text(form.getTimeZone()), list(form.getEnvironments()),
                list(form.getServices()), list(form.getRegions()));
        try {
            return row(windows.create(asked, WebViewers.actor(viewer)), clock.instant());
        } catch (InvalidFreezeWindow invalid) {
            throw new FreezeWindowRefused(invalid.field(), invalid.getMessage());
        }
    }

    @Override
    public FreezeWindowRow delete(Viewer viewer, String id) {
        try {
            return row(windows.delete(id, WebViewers.actor(viewer)), clock.instant());
        } catch (FreezeWindowNotFound gone) {
            throw new AdminActionRefused("There is no freeze window " + id + "; it may have been deleted already.");
        }
    }

    private static FreezeWindowRow row(FreezeWindow w, Instant now) {
        Optional<ActiveFreeze> active = w.activeAt(now);
        Optional<ActiveFreeze> next = active.or(() -> w.nextAfter(now));
        String schedule = w.recurring()
                ? w.recurrence().rrule() + " from " + w.recurrence().firstStart() + " for " + w.recurrence().duration()
                : "one-off " + w.startsAt() + " to " + w.endsAt();
        StringBuilder scope = new StringBuilder(String.join(", ", w.environments()));
        if (!w.services().isEmpty()) {
            scope.append("; services ").append(String.join(", ", w.services()));
        }
        if (!w.regions().isEmpty()) {
            scope.append("; regions ").append(String.join(", ", w.regions()));
        }
        return new FreezeWindowRow(w.id(), w.name(), w.reason(), schedule, w.zone().getId(), scope.toString(),
                next.map(ActiveFreeze::from).orElse(null), next.map(ActiveFreeze::until).orElse(null),
                active.isPresent());
    }

    private static String instant(String typed, String zone) {
        String value = text(typed);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(ZoneId.of(zone == null || zone.isBlank() ? "UTC"
                    : zone.strip())).toInstant().toString();
        } catch (DateTimeException notLocal) {
            return value;
        }
    }

    private static String text(String typed) {
        return typed == null || typed.isBlank() ? null : typed.strip();
    }

    private static List<String> list(String typed) {
        return typed == null ? List.of() : Arrays.stream(typed.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
