package io.countersign.api;

import io.countersign.freeze.ActiveFreeze;
import io.countersign.freeze.FreezeWindow;
import io.countersign.freeze.FreezeWindows;
import io.countersign.freeze.NewFreezeWindow;
import io.countersign.security.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Change-freeze windows: everyone signed in (agents too) reads them and asks what is frozen at a moment; admins add
 * and delete them. Each change is audited by {@link FreezeWindows}.
 */
@RestController
@RequestMapping("/api/v1/freeze-windows")
class FreezeWindowController {

    /** How far ahead "upcoming" looks. */
    static final Duration UPCOMING = Duration.ofDays(14);

    private final FreezeWindows windows;
    private final CurrentActor currentActor;
    private final Clock clock;

    FreezeWindowController(FreezeWindows windows, CurrentActor currentActor, Clock clock) {
        this.windows = windows;
        this.currentActor = currentActor;
        this.clock = clock;
    }

    /** What is frozen at {@code at} (default now), what starts within two weeks after it, and every window. */
    record Calendar(Instant at, List<ActiveFreeze> active, List<ActiveFreeze> upcoming,
                    List<Map<String, Object>> windows) {
    }

    @GetMapping
    Calendar calendar(@RequestParam(required = false) String at) {
        Instant when = instant(at);
        return new Calendar(when, windows.activeAt(when), windows.upcoming(when, UPCOMING),
                windows.all().stream().map(FreezeWindow::describe).toList());
    }

    @GetMapping("/{id}")
    Map<String, Object> window(@PathVariable String id) {
        return windows.find(id).map(FreezeWindow::describe).orElseThrow(() -> notFound(id));
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody NewFreezeWindow body, HttpServletRequest request) {
        FreezeWindow created = windows.create(body, currentActor.get(request));
        return ResponseEntity.created(URI.create("/api/v1/freeze-windows/" + created.id())).body(created.describe());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        windows.delete(id, currentActor.get(request));
        return ResponseEntity.noContent().build();
    }

    private Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        try {
            return Instant.parse(at.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidQuery("at", "must be an instant such as 2026-12-24T12:00:00Z");
        }
    }

    private static RuntimeException notFound(String id) {
        return new InvalidQuery.NotFound(id);
    }

    /** A query parameter is not acceptable. */
    static class InvalidQuery extends RuntimeException {
        final String field;

        InvalidQuery(String field, String reason) {
            super(reason);
            this.field = field;
        }

        static final class NotFound extends InvalidQuery {
            NotFound(String id) {
                super("id", "no freeze window " + id);
            }
        }
    }
}
