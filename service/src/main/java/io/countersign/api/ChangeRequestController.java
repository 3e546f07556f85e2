package io.countersign.api;

import io.countersign.approval.Approvals;
import io.countersign.common.CountersignMetrics;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.PlanShape;
import io.countersign.intake.RequestStatus;
import io.countersign.security.Actor;
import io.countersign.security.CurrentActor;
import io.countersign.security.Roles;
import io.countersign.stall.StalledRequests;
import io.countersign.token.ApprovalTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.util.Set;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The agent API: submit a plan, follow it to a decision, withdraw it, report its execution. */
@RestController
@Validated
@RequestMapping("/api/v1/change-requests")
class ChangeRequestController {

    /** How long submit waits for the policy's tier before answering with what it has. */
    private static final Duration CLASSIFICATION_WAIT = Duration.ofSeconds(5);

    private final ChangeRequests requests;
    private final Approvals approvals;
    private final CurrentActor currentActor;
    private final ApprovalTokens approvalTokens;
    private final Validator validator;
    private final StalledRequests stalls;

    private final CountersignMetrics metrics;

    ChangeRequestController(ChangeRequests requests, Approvals approvals, CurrentActor currentActor,
                            ApprovalTokens approvalTokens, Validator validator, StalledRequests stalls,
                            CountersignMetrics metrics) {
        this.metrics = metrics;
        this.stalls = stalls;
        this.validator = validator;
        this.approvalTokens = approvalTokens;
        this.requests = requests;
        this.approvals = approvals;
        this.currentActor = currentActor;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ChangeRequestView> submit(
            @RequestBody ChangePlan plan,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = 200) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII without spaces") String idempotencyKey,
            HttpServletRequest http) {
        Actor actor = currentActor.get(http);
        ChangeRequests.Submitted submitted;
        try {
            validate(plan);
            submitted = requests.submit(plan, actor, idempotencyKey);
        } catch (RuntimeException refused) {
            metrics.submission(CountersignMetrics.CHANNEL_API, CountersignMetrics.OUTCOME_REFUSED);
            throw refused;
        }
        metrics.submission(CountersignMetrics.CHANNEL_API, submitted.created()
                ? CountersignMetrics.OUTCOME_ACCEPTED : CountersignMetrics.OUTCOME_REPLAYED);
        String id = submitted.request().id();
        requests.await(id, s -> s != RequestStatus.SUBMITTED && s != RequestStatus.CLASSIFIED, CLASSIFICATION_WAIT);
        ChangeRequestView view = view(requests.get(id), actor);
        return ResponseEntity.status(submitted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create(view.links().get("self")))
                .body(view);
    }

    @GetMapping("/{id}")
    ChangeRequestView get(@PathVariable String id, HttpServletRequest http) {
        Actor actor = currentActor.get(http);
        return view(visible(id, actor), actor);
    }

    @GetMapping("/{id}/decision")
    ChangeRequestView decision(@PathVariable String id,
                               @RequestParam(defaultValue = "0") @Min(0) @Max(60) int waitSeconds,
                               HttpServletRequest http) {
        Actor actor = currentActor.get(http);
        visible(id, actor);
        requests.await(id, RequestStatus::isDecided, Duration.ofSeconds(waitSeconds));
        return view(requests.get(id), actor);
    }

    /** Why the requester withdraws; optional (an empty POST withdraws without a reason), recorded with it. */
    record Withdrawal(@Size(max = 1000) String reason) {
    }

    /** The withdrawal is recorded at once: the answer is the request as it now is, WITHDRAWN. */
    @PostMapping("/{id}/withdraw")
    ChangeRequestView withdraw(@PathVariable String id, @Valid @RequestBody(required = false) Withdrawal body,
                               HttpServletRequest http) {
        Actor actor = currentActor.get(http);
        visible(id, actor);
        return view(requests.withdraw(id, actor, body == null ? null : body.reason()), actor);
    }

    record ExecutionReport(@NotNull ChangeRequests.ExecutionOutcome outcome,
                           @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case SHA-256 hex digest") String planHash,
                           @NotBlank @Size(max = 8000) String approvalToken) {
    }

    @PostMapping("/{id}/execution-report")
    ChangeRequestView reportExecution(@PathVariable String id, @Valid @RequestBody ExecutionReport report,
                                      HttpServletRequest http) {
        Actor actor = currentActor.get(http);
        visible(id, actor);
        return view(requests.reportExecution(id, actor, report.outcome(), report.planHash(), report.approvalToken()),
                actor);
    }

    /** The list sizes first, and only then every field, so an oversized plan costs nothing to refuse. */
    private void validate(ChangePlan plan) {
        Set<ConstraintViolation<ChangePlan>> violations = validator.validate(plan, PlanShape.class);
        if (violations.isEmpty()) {
            violations = validator.validate(plan);
        }
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }

    /** The request, if this actor may see it; otherwise it does not exist for them. */
    private ChangeRequest visible(String id, Actor actor) {
        ChangeRequest request = requests.get(id);
        boolean allowed = approvals.maySee(actor, request);
        if (!allowed) {
            throw new ChangeRequestNotFound(id);
        }
        return request;
    }

    /** The approval token is shown only to the requesting side: it is what lets a plan be run. */
    private ChangeRequestView view(ChangeRequest request, Actor actor) {
        String token = request.status() == RequestStatus.APPROVED && ChangeRequests.isRequesterSide(request, actor)
                ? approvalTokens.tokenFor(request.id()).orElse(null)
                : null;
        return ChangeRequestView.of(request, approvals.decisions(request.id()), token,
                stalls.current(request.id()).orElse(null));
    }
}
