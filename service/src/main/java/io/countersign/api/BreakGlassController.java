package io.countersign.api;

import io.countersign.approval.Approvals;
import io.countersign.approval.BreakGlass;
import io.countersign.approval.BreakGlassRefused;
import io.countersign.approval.BreakGlasses;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequests;
import io.countersign.policy.BreakGlassProperties;
import io.countersign.security.Actor;
import io.countersign.security.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Break-glass (issue 14): a person in the break-glass group approves a waiting plan at once; two others review it
 * afterwards; auditors list every use with its review outcome. Agents never reach these (the security chain keeps
 * unlisted API paths for people), and the service's {@link BreakGlass} refuses them again.
 */
@RestController
@Validated
class BreakGlassController {

    private final BreakGlasses breakGlasses;
    private final ChangeRequests requests;
    private final Approvals approvals;
    private final CurrentActor currentActor;
    private final BreakGlassProperties settings;

    BreakGlassController(BreakGlasses breakGlasses, ChangeRequests requests, Approvals approvals,
                         CurrentActor currentActor, BreakGlassProperties settings) {
        this.settings = settings;
        this.breakGlasses = breakGlasses;
        this.requests = requests;
        this.approvals = approvals;
        this.currentActor = currentActor;
    }

    record BreakGlassRequest(@Size(max = 2000) String reason, @Size(max = 200) String incidentRef) {
    }

    /** The break-glass as the request's viewers see it: who, why, until when, and the review so far. */
    record BreakGlassView(String requestId, String status, String invokedBy, Instant approvalExpiresAt,
                          Instant reviewDueAt, String reviewOutcome, List<String> reviewGroups,
                          List<BreakGlass.Review> reviews) {

        static BreakGlassView of(ChangeRequest request, BreakGlass glass) {
            return new BreakGlassView(request.id(), request.status().name(), glass.invokedBy(),
                    request.approvalExpiresAt(), glass.reviewDueAt(),
                    glass.outcome().map(Enum::name).orElse("PENDING"), glass.reviewGroups(), glass.reviews());
        }
    }

    @PostMapping("/api/v1/change-requests/{id}/break-glass")
    BreakGlassView breakGlass(@PathVariable String id, @Valid @RequestBody BreakGlassRequest body,
                              HttpServletRequest http) {
        Actor actor = currentActor.get(http);
        // The break-glass group may see any plan it is asked to rescue, a DENIED one included (to be told no).
        visible(id, actor, actor.groups().contains(settings.breakGlassGroup()));
        try {
            ChangeRequest approved = breakGlasses.breakGlass(id, actor, body.reason(), body.incidentRef());
            return BreakGlassView.of(approved, breakGlasses.find(id).orElseThrow());
        } catch (BreakGlassRefused refused) {
            breakGlasses.recordRefusal(id, actor, refused);
            throw refused;
        }
    }

    @GetMapping("/api/v1/change-requests/{id}/break-glass")
    BreakGlassView show(@PathVariable String id, HttpServletRequest http) {
        ChangeRequest request = visible(id, currentActor.get(http));
        return breakGlasses.find(id).map(g -> BreakGlassView.of(request, g))
                .orElseThrow(() -> new ChangeRequestNotFound(id + " (nobody broke glass for it)"));
    }

    record ReviewRequest(BreakGlass.ReviewOutcome outcome, @Size(max = 4000) String comment) {
    }

    @PostMapping("/api/v1/change-requests/{id}/break-glass/reviews")
    BreakGlassView review(@PathVariable String id, @Valid @RequestBody ReviewRequest body, HttpServletRequest http) {
        Actor actor = currentActor.get(http);
        boolean reviewer = breakGlasses.find(id).map(g -> g.reviewGroups().stream().anyMatch(actor.groups()::contains))
                .orElse(false);
        ChangeRequest request = visible(id, actor, reviewer);
        return BreakGlassView.of(request, breakGlasses.review(id, actor, body.outcome(), body.comment()));
    }

    /** Auditors: every break-glass, newest first, with who reviewed it and how (PENDING, OVERDUE, ACCEPTED, FLAGGED). */
    @GetMapping("/api/v1/audit/break-glass")
    List<BreakGlasses.Use> uses(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return breakGlasses.uses(limit);
    }

    private ChangeRequest visible(String id, Actor actor) {
        return visible(id, actor, false);
    }

    private ChangeRequest visible(String id, Actor actor, boolean alsoAllowed) {
        ChangeRequest request = requests.get(id);
        if (!alsoAllowed && !approvals.maySee(actor, request)) {
            throw new ChangeRequestNotFound(id);
        }
        return request;
    }
}
