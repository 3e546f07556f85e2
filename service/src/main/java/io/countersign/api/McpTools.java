package io.countersign.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import io.countersign.common.UnicodeText;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.Channel;
import io.countersign.intake.PolicyCheck;
import io.countersign.security.Actor;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The MCP tools: thin adapters onto the API's own handlers ({@link ChangeRequestController}'s {@code *As} methods,
 * {@link PolicyCheck}), so a plan sent over MCP is validated, hashed, tiered, routed and audited as over REST. Each
 * tool's input schema is generated from the records it binds (the plan is the API's {@link ChangePlan}); results carry
 * the API's JSON as structured content and as text; a refusal is a tool error carrying the API's problem detail.
 */
@Component
class McpTools {

    static final String CHECK_POLICY = "check_policy";
    static final String SUBMIT_CHANGE_PLAN = "submit_change_plan";
    static final String AWAIT_DECISION = "await_decision";
    static final String WITHDRAW_CHANGE_PLAN = "withdraw_change_plan";
    static final String REPORT_EXECUTION = "report_execution";

    /** How long await_decision waits when the agent names no time. */
    private static final int DEFAULT_WAIT_SECONDS = 30;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** check_policy: a plan, exactly as {@code POST /api/v1/change-requests} takes it. */
    record PlanArguments(@NotNull ChangePlan plan) {
    }

    /** submit_change_plan: a plan and, to make a retry safe, the key the API takes as {@code Idempotency-Key}. */
    record SubmitArguments(@NotNull ChangePlan plan,
                           @Size(min = 1, max = 200)
                           @Pattern(regexp = ChangeRequestController.IDEMPOTENCY_KEY,
                                   message = ChangeRequestController.IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey) {
    }

    /** await_decision: the request and how long to wait for its decision, at most 60 s as the API allows. */
    record AwaitArguments(@NotBlank @Size(max = 36) String requestId, @Min(0) @Max(60) Integer waitSeconds) {
    }

    /** withdraw_change_plan: the request and why, as the API's withdrawal body. */
    record WithdrawArguments(@NotBlank @Size(max = 36) String requestId, @Size(max = 1000) String reason) {
    }

    /** report_execution: the request and the API's execution report (outcome, plan hash, the redeemed token). */
    record ReportArguments(@NotBlank @Size(max = 36) String requestId, @NotNull ChangeRequests.ExecutionOutcome outcome,
                           @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case SHA-256 hex digest") String planHash,
                           @NotBlank @Size(max = 8000) String approvalToken) {
    }

    private final ChangeRequestController requests;
    private final PolicyCheck policyCheck;
    private final PlanValidation planValidation;
    private final ApiProblems problems;
    private final Validator validator;
    private final ObjectMapper json;
    private final SchemaGenerator schemas;

    McpTools(ChangeRequestController requests, PolicyCheck policyCheck, PlanValidation planValidation,
             ApiProblems problems, Validator validator, ObjectMapper json) {
        this.requests = requests;
        this.policyCheck = policyCheck;
        this.planValidation = planValidation;
        this.problems = problems;
        this.validator = validator;
        this.json = json;
        this.schemas = new SchemaGenerator(new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .build());
    }

    List<SyncToolSpecification> specifications() {
        return List.of(
                tool(CHECK_POLICY, "Check a plan against the policy",
                        "Dry run: the tier, the rule and its reason, who must approve (groups, how many, who may not), "
                                + "and the SLA, expiry and approval window a plan would get. Creates nothing.",
                        PlanArguments.class, true, false, true, a -> "/api/v1/policy-checks",
                        (actor, a) -> {
                            planValidation.validate(a.plan());
                            return policyCheck.check(a.plan(), actor);
                        }),
                tool(SUBMIT_CHANGE_PLAN, "Submit a change plan for approval",
                        "Submits the plan: the answer has its id, status, tier and planHash, and for a LOW plan the "
                                + "approval token at once. The same idempotencyKey with the same plan returns the same "
                                + "request.",
                        SubmitArguments.class, false, false, true, a -> "/api/v1/change-requests",
                        (actor, a) -> requests.submitAs(actor, a.plan(), a.idempotencyKey(), Channel.MCP).view()),
                tool(AWAIT_DECISION, "Wait for the decision on a change plan",
                        "Waits up to waitSeconds (at most 60, default " + DEFAULT_WAIT_SECONDS + ") for a decision: "
                                + "status, approvals so far, the approval token once APPROVED, the reason otherwise.",
                        AwaitArguments.class, true, false, true,
                        a -> "/api/v1/change-requests/" + a.requestId() + "/decision",
                        (actor, a) -> requests.decisionAs(actor, a.requestId(),
                                a.waitSeconds() == null ? DEFAULT_WAIT_SECONDS : a.waitSeconds())),
                tool(WITHDRAW_CHANGE_PLAN, "Withdraw a change plan",
                        "Withdraws the plan with an optional reason; an unredeemed approval token is revoked.",
                        WithdrawArguments.class, false, true, true,
                        a -> "/api/v1/change-requests/" + a.requestId() + "/withdraw",
                        (actor, a) -> requests.withdrawAs(actor, a.requestId(), a.reason())),
                tool(REPORT_EXECUTION, "Report how the execution of an approved plan went",
                        "Reports SUCCEEDED, FAILED or ROLLED_BACK for a plan whose approval token was redeemed; "
                                + "closes the request.",
                        ReportArguments.class, false, false, false,
                        a -> "/api/v1/change-requests/" + a.requestId() + "/execution-report",
                        (actor, a) -> requests.reportAs(actor, a.requestId(), new ChangeRequestController
                                .ExecutionReport(a.outcome(), a.planHash(), a.approvalToken(), null))));
    }

    private <A> SyncToolSpecification tool(String name, String title, String description, Class<A> arguments,
                                           boolean readOnly, boolean destructive, boolean idempotent,
                                           Function<A, String> path, BiFunction<Actor, A, Object> call) {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(name)
                .title(title)
                .description(description)
                .inputSchema(json.convertValue(schemas.generateSchema(arguments), OBJECT))
                .annotations(McpSchema.ToolAnnotations.builder().title(title).readOnlyHint(readOnly)
                        .destructiveHint(destructive).idempotentHint(idempotent).openWorldHint(false).build())
                .build();
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> {
                    Actor actor = (Actor) exchange.transportContext().get(McpServerConfiguration.ACTOR);
                    A args = null;
                    try {
                        args = read(request.arguments(), arguments);
                        return answer(call.apply(actor, args), false);
                    } catch (RuntimeException e) {
                        String where = args == null ? "/mcp" : path.apply(args);
                        return answer(problems.describe(e, where), true);
                    }
                })
                .build();
    }

    /** The arguments as the API reads a body: strict JSON binding, well-formed Unicode, then Bean Validation. */
    private <A> A read(Map<String, Object> raw, Class<A> type) {
        Map<String, Object> arguments = raw == null ? Map.of() : raw;
        List<String> illFormed = UnicodeText.illFormedJsonText(write(arguments));
        if (!illFormed.isEmpty()) {
            throw new IllFormedArguments(illFormed);
        }
        A args = json.convertValue(arguments, type);
        Set<ConstraintViolation<A>> violations = validator.validate(args);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return args;
    }

    private McpSchema.CallToolResult answer(Object body, boolean error) {
        Map<String, Object> structured = json.convertValue(body, OBJECT);
        return McpSchema.CallToolResult.builder()
                .structuredContent(structured)
                .addTextContent(write(structured))
                .isError(error)
                .build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable", e);
        }
    }

    /** Texts in the arguments that are not well-formed Unicode, refused as the API refuses such a body. */
    static final class IllFormedArguments extends RuntimeException {
        private final List<String> fields;

        IllFormedArguments(List<String> fields) {
            super(UnicodeText.PROBLEM);
            this.fields = List.copyOf(fields);
        }

        List<String> fields() {
            return fields;
        }
    }
}
