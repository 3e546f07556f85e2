package io.countersign.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.api.JsonBodyProblem;
import io.countersign.common.CountersignMetrics;
import io.countersign.common.UnicodeText;
import io.countersign.approval.Approvals;
import io.countersign.approval.WithdrawalRefused;
import io.countersign.intake.ApproverCoverage;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.Channel;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.PolicyCheck;
import io.countersign.intake.Operation;
import io.countersign.intake.PlanAction;
import io.countersign.intake.PlanRejected;
import io.countersign.intake.RequestStatus;
import io.countersign.intake.Scope;
import io.countersign.policy.PolicyProperties;
import io.countersign.policy.RiskPolicy;
import io.countersign.security.Actor;
import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Viewer;
import io.countersign.ui.submit.FieldProblem;
import io.countersign.ui.submit.PlanChoices;
import io.countersign.ui.submit.PlanDraft;
import io.countersign.ui.submit.PolicyPreview;
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
    private final PolicyCheck policyCheck;
    private final ApproverCoverage coverage;
    private final RiskPolicy policy;
    private final PolicyProperties routing;
    private final Approvals approvals;

    private final CountersignMetrics metrics;

    WebSubmissions(ChangeRequests requests, Validator validator, ObjectMapper json, PolicyCheck policyCheck,
                   ApproverCoverage coverage, RiskPolicy policy, PolicyProperties routing, Approvals approvals,
                   CountersignMetrics metrics) {
        this.metrics = metrics;
        this.requests = requests;
        this.validator = validator;
        this.json = json;
        this.policyCheck = policyCheck;
        this.coverage = coverage;
        this.policy = policy;
        this.routing = routing;
        this.approvals = approvals;
    }

    @Override
    public SubmissionResult submit(Viewer viewer, PlanDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        return submit(viewer, plan(viewer, draft, problems), problems);
    }

    @Override
    public PolicyPreview check(Viewer viewer, PlanDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        ChangePlan plan = plan(viewer, draft, problems);
        validate(plan, problems);
        if (!problems.isEmpty()) {
            return new PolicyPreview.Incomplete(problems);
        }
        try {
            PolicyCheck.Result check = policyCheck.check(plan, WebViewers.actor(viewer));
            boolean reviewed = check.approvers().requiredApprovals() > 0;
            return new PolicyPreview.Checked(UiTypes.tier(check.tier()), check.ruleId(), check.reason(),
                    requirement(check), groupLines(check.approvers()), reviewed ? nonZero(check.sla()) : null,
                    reviewed ? nonZero(check.expiry()) : null, check.denied() ? null : nonZero(check.approvalWindow()),
                    coverage.warnings(check));
        } catch (PlanRejected rejected) {
            return new PolicyPreview.Incomplete(List.of(new FieldProblem(rejected.field(), rejected.getMessage())));
        }
    }

    @Override
    public PlanChoices choices(Viewer viewer) {
        return new PlanChoices(routing.owningGroups().keySet().stream().sorted().toList(), policy.knownEnvironments());
    }

    @Override
    public PlanDraft revisionDraft(Viewer viewer, String requestId) {
        Actor actor = WebViewers.actor(viewer);
        ChangeRequest request;
        try {
            request = requests.get(requestId);
        } catch (ChangeRequestNotFound notFound) {
            throw new RequestNotFound(requestId);
        }
        if (!approvals.maySee(actor, request) || !ChangeRequests.mayRevise(request, actor)) {
            throw new RequestNotFound(requestId);
        }
        ChangePlan plan = request.submission().plan();
        return new PlanDraft(plan.title(), plan.justification(), plan.service(), plan.environment(),
                plan.actions().stream().map(a -> new PlanDraft.ActionDraft(a.operation().name(), a.resourceType(),
                        a.resource(), a.scope().name(), a.regions(), Boolean.TRUE.equals(a.reversible()), a.command(),
                        a.rollbackPlan())).toList(), null);
    }

    /** The form's plan as the API's body would be: the viewer requests it, and no agent is named. */
    private static ChangePlan plan(Viewer viewer, PlanDraft draft, List<FieldProblem> problems) {
        List<PlanAction> actions = new ArrayList<>();
        for (int i = 0; i < draft.actions().size(); i++) {
            actions.add(action(draft.actions().get(i), "actions[" + i + "].", problems));
        }
        return new ChangePlan(draft.title(), draft.justification(), viewer.username(), null, draft.service(),
                draft.environment(), actions, draft.revisionOf());
    }

    /** "2 people: 1 from cost-explorer-approvers, 1 from sre", the way the request page words a requirement. */
    private static String requirement(PolicyCheck.Result check) {
        PolicyCheck.Approvers a = check.approvers();
        if (check.denied()) {
            return "Nobody: the policy refuses this plan at once.";
        }
        if (check.automatic() || a.requiredApprovals() == 0) {
            return "Nobody: approved automatically, and still audited.";
        }
        String people = a.requiredApprovals() == 1 ? "1 person" : a.requiredApprovals() + " people";
        String from = a.requireEachGroup() ? ": " + String.join(", ", groupLines(a))
                : " from " + (a.approverGroups().size() == 1 ? a.approverGroups().getFirst()
                : "any of " + String.join(", ", a.approverGroups()));
        String notYou = a.excluded().isEmpty() ? "" : ", not " + String.join(" or ", a.excluded());
        return people + from + notYou + (a.commentRequired() ? "; approvals need a comment" : "") + ".";
    }

    private static List<String> groupLines(PolicyCheck.Approvers a) {
        if (a.requiredApprovals() == 0) {
            return List.of();
        }
        if (a.requireEachGroup()) {
            return a.approverGroups().stream().map(g -> "1 from " + g).toList();
        }
        return List.of(a.requiredApprovals() + " from " + String.join(" or ", a.approverGroups()));
    }

    private static Duration nonZero(Duration duration) {
        return duration == null || duration.isZero() ? null : duration;
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
        SubmissionResult result = submitChecked(viewer, plan, problems);
        metrics.submission(CountersignMetrics.CHANNEL_WEB, result instanceof SubmissionResult.Accepted
                ? CountersignMetrics.OUTCOME_ACCEPTED : CountersignMetrics.OUTCOME_REFUSED);
        return result;
    }

    private SubmissionResult submitChecked(Viewer viewer, ChangePlan plan, List<FieldProblem> problems) {
        validate(plan, problems);
        if (!problems.isEmpty()) {
            return new SubmissionResult.Rejected(problems);
        }
        try {
            String id = requests.submit(plan, WebViewers.actor(viewer), null, Channel.WEB).request().id();
            requests.await(id, s -> s != RequestStatus.SUBMITTED && s != RequestStatus.CLASSIFIED,
                    CLASSIFICATION_WAIT);
            return new SubmissionResult.Accepted(id, coverage.warnings(requests.get(id)));
        } catch (PlanRejected rejected) {
            return new SubmissionResult.Rejected(List.of(new FieldProblem(rejected.field(), rejected.getMessage())));
        } catch (WithdrawalRefused concluded) {
            // The pending plan this revises was decided meanwhile; the revision was rolled back with it.
            return new SubmissionResult.Rejected(List.of(new FieldProblem("revisionOf", concluded.getMessage())));
        }
    }

    /** Adds the API's field problems to those found reading the form, sorted by JSON path as the API sorts them. */
    private void validate(ChangePlan plan, List<FieldProblem> problems) {
        illFormedText(plan).forEach(field -> problems.add(new FieldProblem(field, UnicodeText.PROBLEM)));
        Set<String> unreadable = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
        // An unknown operation or scope is already reported; its null stand-in would only add "must not be null".
        validator.validate(plan).stream().map(WebSubmissions::problem)
                .filter(p -> !unreadable.contains(p.field()))
                .forEach(problems::add);
        problems.sort(Comparator.comparing(FieldProblem::field));
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
