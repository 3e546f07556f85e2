package io.countersign.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.api.JsonBodyProblem;
import io.countersign.common.CountersignMetrics;
import io.countersign.common.UnicodeText;
import io.countersign.intake.AgentRef;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.Operation;
import io.countersign.intake.PlanAction;
import io.countersign.intake.PlanRejected;
import io.countersign.intake.RequestStatus;
import io.countersign.intake.Scope;
import io.countersign.ui.shared.Viewer;
import io.countersign.ui.submit.FieldProblem;
import io.countersign.ui.submit.PlanDraft;
import io.countersign.ui.submit.SubmissionResult;
import io.countersign.ui.submit.Submissions;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Plans from the web form or a pasted JSON body, through the same Bean Validation and the same intake service as
 * {@code POST /api/v1/change-requests}, so a problem reads the same and names the same JSON path in both places.
 */
@Component
class WebSubmissions implements Submissions {

    /** As the API does: answer once the policy has placed the plan, so the page shows its tier at once. */
    private static final Duration CLASSIFICATION_WAIT = Duration.ofSeconds(5);

    private final ChangeRequests requests;
    private final Validator validator;
    private final ObjectMapper json;

    private final CountersignMetrics metrics;

    WebSubmissions(ChangeRequests requests, Validator validator, ObjectMapper json, CountersignMetrics metrics) {
        this.metrics = metrics;
        this.requests = requests;
        this.validator = validator;
        this.json = json;
    }

    @Override
    public SubmissionResult submit(Viewer viewer, PlanDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        List<PlanAction> actions = new ArrayList<>();
        for (int i = 0; i < draft.actions().size(); i++) {
            actions.add(action(draft.actions().get(i), "actions[" + i + "].", problems));
        }
        AgentRef agent = draft.agentId() == null && draft.agentName() == null
                ? null : new AgentRef(draft.agentId(), draft.agentName());
        ChangePlan plan = new ChangePlan(draft.title(), draft.justification(), viewer.username(), agent,
                draft.service(), draft.environment(), actions, null);
        return submit(viewer, plan, problems);
    }

    @Override
    public SubmissionResult submitJson(Viewer viewer, String body) {
        List<String> illFormed = UnicodeText.illFormedJsonText(body);
        if (!illFormed.isEmpty()) {
            return new SubmissionResult.Rejected(illFormed.stream()
                    .map(field -> new FieldProblem(field, UnicodeText.PROBLEM)).toList());
        }
        ChangePlan plan;
        try {
            plan = json.readValue(body, ChangePlan.class);
        } catch (JsonProcessingException e) {
            JsonBodyProblem problem = JsonBodyProblem.of(e);
            return new SubmissionResult.Rejected(List.of(new FieldProblem(problem.field(), problem.message())));
        }
        if (plan == null) {
            return new SubmissionResult.Rejected(List.of(new FieldProblem("", "the body is not a plan")));
        }
        if (plan.requestedBy() == null) {
            plan = new ChangePlan(plan.title(), plan.justification(), viewer.username(), plan.agent(), plan.service(),
                    plan.environment(), plan.actions(), plan.revisionOf());
        }
        return submit(viewer, plan, new ArrayList<>());
    }

    private SubmissionResult submit(Viewer viewer, ChangePlan plan, List<FieldProblem> problems) {
        illFormedText(plan).forEach(field -> problems.add(new FieldProblem(field, UnicodeText.PROBLEM)));
        Set<String> unreadable = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
        // An unknown operation or scope is already reported; its null stand-in would only add "must not be null".
        validator.validate(plan).stream().map(WebSubmissions::problem)
                .filter(p -> !unreadable.contains(p.field()))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            metrics.submission(CountersignMetrics.CHANNEL_WEB, CountersignMetrics.OUTCOME_REFUSED);
            problems.sort(Comparator.comparing(FieldProblem::field));
            return new SubmissionResult.Rejected(problems);
        }
        try {
            String id = requests.submit(plan, WebViewers.actor(viewer), null).request().id();
            metrics.submission(CountersignMetrics.CHANNEL_WEB, CountersignMetrics.OUTCOME_ACCEPTED);
            requests.await(id, s -> s != RequestStatus.SUBMITTED && s != RequestStatus.CLASSIFIED,
                    CLASSIFICATION_WAIT);
            return new SubmissionResult.Accepted(id);
        } catch (PlanRejected rejected) {
            metrics.submission(CountersignMetrics.CHANNEL_WEB, CountersignMetrics.OUTCOME_REFUSED);
            return new SubmissionResult.Rejected(List.of(new FieldProblem(rejected.field(), rejected.getMessage())));
        }
    }

    /** Form fields reach here as strings already; the plan is walked as the API's JSON would be, to name the field. */
    private List<String> illFormedText(ChangePlan plan) {
        try (JsonParser tokens = json.treeAsTokens(json.valueToTree(plan))) {
            return UnicodeText.illFormed(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PlanAction action(PlanDraft.ActionDraft a, String prefix, List<FieldProblem> problems) {
        return new PlanAction(constant(Operation.class, a.operation(), prefix + "operation", problems),
                a.resourceType(), a.resource(), constant(Scope.class, a.scope(), prefix + "scope", problems),
                a.regions(), a.reversible(), a.command(), a.rollbackPlan());
    }

    /** A blank choice is left {@code null} for Bean Validation to name, as a missing JSON field would be. */
    private static <E extends Enum<E>> E constant(Class<E> type, String value, String field,
                                                  List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", "))));
            return null;
        }
    }

    private static FieldProblem problem(ConstraintViolation<ChangePlan> violation) {
        return new FieldProblem(jsonPath(violation.getPropertyPath()), violation.getMessage());
    }

    /** {@code actions[0].regions[1]}: the index belongs to the node after the list, and element nodes have no name. */
    static String jsonPath(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.toString();
    }
}
