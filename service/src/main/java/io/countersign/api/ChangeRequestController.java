package io.countersign.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.approval.Approvals;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.countersign.approval.BreakGlasses;
import io.countersign.common.CountersignMetrics;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.Channel;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.RequestStatus;
import io.countersign.security.Actor;
import io.countersign.security.CurrentActor;
import io.countersign.security.Roles;
import io.countersign.stall.StalledRequests;
import io.countersign.token.ApprovalTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
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
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
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
    private final PlanValidation validation;
    private final StalledRequests stalls;

    private final CountersignMetrics metrics;
    private final BreakGlasses breakGlasses;
    private final ObjectMapper json;

    ChangeRequestController(ChangeRequests requests, Approvals approvals, CurrentActor currentActor,
                            ApprovalTokens approvalTokens, PlanValidation validation, StalledRequests stalls,
                            CountersignMetrics metrics, BreakGlasses breakGlasses, ObjectMapper json) {
        this.breakGlasses = breakGlasses;
        this.json = json;
        this.metrics = metrics;
        this.stalls = stalls;
        this.validation = validation;
        this.approvalTokens = approvalTokens;
        this.requests = requests;
        this.approvals = approvals;
        this.currentActor = currentActor;
    }

    /**
     * The body is the plan, optionally with an {@code emergency} object beside its fields (people in the break-glass
     * group only). The emergency is taken off before the plan is read, so it is neither part of the plan nor of its
     * hash, and the plan is read as strictly as ever.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ChangeRequestView> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SubmitBody.class)))
            @RequestBody ObjectNode body,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = 200) @Pattern(regexp = IDEMPOTENCY_KEY, message = IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey,
            HttpServletRequest http) {
        JsonNode emergencyNode = body.remove(EMERGENCY);
        ChangePlan plan = read(body, ChangePlan.class, http);
        Emergency emergency = emergencyNode == null || emergencyNode.isNull() ? null
                : read(json.createObjectNode().set(EMERGENCY, emergencyNode), EmergencyBody.class, http).emergency();
        Submitted submitted = emergency == null
                ? submitAs(currentActor.get(http), plan, idempotencyKey, Channel.API)
                : submitInEmergency(currentActor.get(http), plan, idempotencyKey, emergency);
        return ResponseEntity.status(submitted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create(submitted.view().links().get("self")))
                .body(submitted.view());
    }

    static final String EMERGENCY = "emergency";

    /** What a person in the break-glass group adds to a plan they submit to approve it at once. */
    record Emergency(@Schema(maxLength = 2000, description = "why this cannot wait for approvers") String reason,
                     @Schema(maxLength = 200, description = "the incident this emergency change is for")
                     String incidentRef) {
    }

    /** The emergency read under its own name, so a wrong field inside it is named {@code emergency.x}. */
    record EmergencyBody(
            @Schema(description = "Only for people in countersign.policy.break-glass-group, never an agent token "
                    + "(403): approves the plan at once as a break-glass once it is classified (overrides a change "
                    + "freeze and the waiting for approvers, never a DENIED plan; a LOW plan needs none). reason and "
                    + "incidentRef are required (400). Not part of the plan or its hash.")
            Emergency emergency) {
    }

    /** What the OpenAPI description shows as the submit body: the plan's fields, and the optional emergency. */
    @Schema(name = "ChangePlanSubmission", allOf = {ChangePlan.class, EmergencyBody.class})
    interface SubmitBody {
    }

    private <T> T read(ObjectNode node, Class<T> type, HttpServletRequest http) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException unreadable) {
            throw new HttpMessageNotReadableException(unreadable.getOriginalMessage(), unreadable,
                    new ServletServerHttpRequest(http));
        }
    }

    /** As {@link #submitAs}, for a plan that asks for break-glass at once; the service decides whether it may. */
    private Submitted submitInEmergency(Actor actor, ChangePlan plan, String idempotencyKey, Emergency emergency) {
        return submitWith(actor, plan, Channel.API, () -> breakGlasses.submitInEmergency(plan, actor,
                idempotencyKey, Channel.API, emergency.reason(), emergency.incidentRef()));
    }

    static final String IDEMPOTENCY_KEY = "[\\x21-\\x7E]+";
    static final String IDEMPOTENCY_KEY_MESSAGE = "must be printable ASCII without spaces";

    /** What submit answers, and whether it created the request (or an earlier call with the same key did). */
    record Submitted(ChangeRequestView view, boolean created) {
    }

    /** Submit for any door (the API, the MCP server): the same checks, the same wait for the tier, the same view. */
    Submitted submitAs(Actor actor, ChangePlan plan, String idempotencyKey, Channel channel) {
        return submitWith(actor, plan, channel, () -> requests.submit(plan, actor, idempotencyKey, channel));
    }

    private Submitted submitWith(Actor actor, ChangePlan plan, Channel channel,
                                 java.util.function.Supplier<ChangeRequests.Submitted> submit) {
        ChangeRequests.Submitted submitted;
        try {
            validation.validate(plan);
            submitted = submit.get();
        } catch (RuntimeException refused) {
            metrics.submission(channel.label(), CountersignMetrics.OUTCOME_REFUSED);
            throw refused;
        }
        metrics.submission(channel.label(), submitted.created()
                ? CountersignMetrics.OUTCOME_ACCEPTED : CountersignMetrics.OUTCOME_REPLAYED);
        String id = submitted.request().id();
        requests.await(id, s -> s != RequestStatus.SUBMITTED && s != RequestStatus.CLASSIFIED, CLASSIFICATION_WAIT);
        return new Submitted(view(requests.get(id), actor), submitted.created());
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
        return decisionAs(currentActor.get(http), id, waitSeconds);
    }

    /** Waits up to {@code waitSeconds} (the caller bounds it to 60) for a decision the agent can act on. */
    ChangeRequestView decisionAs(Actor actor, String id, int waitSeconds) {
        visible(id, actor);
        requests.await(id, RequestStatus::isDecided, Duration.ofSeconds(waitSeconds));
        return view(requests.get(id), actor);
    }

    /**
     * The plan as stored and hashed, for an executor to rehash and run: the request view says what was decided, this
     * says what runs. Anyone who may see the request may see its plan, as approvers do on its page.
     */
    @GetMapping("/{id}/plan")
    ChangePlan plan(@PathVariable String id, HttpServletRequest http) {
        return visible(id, currentActor.get(http)).submission().plan();
    }

    /** Why the requester withdraws; optional (an empty POST withdraws without a reason), recorded with it. */
    record Withdrawal(@Size(max = 1000) String reason) {
    }

    /** The withdrawal is recorded at once: the answer is the request as it now is, WITHDRAWN. */
    @PostMapping("/{id}/withdraw")
    ChangeRequestView withdraw(@PathVariable String id, @Valid @RequestBody(required = false) Withdrawal body,
                               HttpServletRequest http) {
        return withdrawAs(currentActor.get(http), id, body == null ? null : body.reason());
    }

    ChangeRequestView withdrawAs(Actor actor, String id, String reason) {
        visible(id, actor);
        return view(requests.withdraw(id, actor, reason), actor);
    }

    record ExecutionReport(@NotNull ChangeRequests.ExecutionOutcome outcome,
                           @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case SHA-256 hex digest") String planHash,
                           @NotBlank @Size(max = 8000) String approvalToken,
                           @Size(max = 100) List<@NotNull @Valid Step> steps) {
    }

    /** Optional, from executors such as {@code countersign run}: what each action that ran did, in plan order. */
    record Step(@NotNull @Min(0) @Max(99) Integer action, @NotNull Integer exitCode,
                @Size(max = 4000) String outputTail) {
    }

    @PostMapping("/{id}/execution-report")
    ChangeRequestView reportExecution(@PathVariable String id, @Valid @RequestBody ExecutionReport report,
                                      HttpServletRequest http) {
        return reportAs(currentActor.get(http), id, report);
    }

    /** The report is validated by the caller (Bean Validation on the request body or the tool's arguments). */
    ChangeRequestView reportAs(Actor actor, String id, ExecutionReport report) {
        visible(id, actor);
        List<ChangeRequests.ExecutedStep> steps = report.steps() == null ? List.of() : report.steps().stream()
                .map(step -> new ChangeRequests.ExecutedStep(step.action(), step.exitCode(), step.outputTail()))
                .toList();
        return view(requests.reportExecution(id, actor, report.outcome(), report.planHash(), report.approvalToken(),
                steps), actor);
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
                stalls.current(request.id()).orElse(null), approvals.progressOf(request.id()).orElse(null));
    }
}
