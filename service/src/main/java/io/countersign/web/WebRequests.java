package io.countersign.web;

import io.countersign.approval.AllowedDecisions;
import io.countersign.approval.ApprovalNotFound;
import io.countersign.approval.ApprovalTask;
import io.countersign.approval.ApprovalOutcome;
import io.countersign.approval.Approvals;
import io.countersign.approval.Conclusion;
import io.countersign.approval.Decided;
import io.countersign.approval.Progress;
import io.countersign.approval.Standing;
import io.countersign.approval.DecisionOutcome;
import io.countersign.common.UnicodeText;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.PlanAction;
import io.countersign.intake.RequestStatus;
import io.countersign.policy.Classification;
import io.countersign.security.Actor;
import io.countersign.ui.request.ActionView;
import io.countersign.ui.request.ApprovalProgress;
import io.countersign.ui.request.ApprovalView;
import io.countersign.ui.request.DecisionRecorded;
import io.countersign.ui.request.DecisionRefused;
import io.countersign.ui.request.RequestSummary;
import io.countersign.ui.request.RequestView;
import io.countersign.ui.request.Requests;
import io.countersign.ui.shared.AgentRef;
import io.countersign.ui.shared.Decision;
import io.countersign.ui.shared.Operation;
import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Scope;
import io.countersign.ui.shared.Viewer;
import io.countersign.workflows.ChangeRequestProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** The request page, the decision form and "My requests", over the intake and approval services. */
@Component
class WebRequests implements Requests {

    /** "My requests" shows the newest this many; older ones are in the audit log. */
    private static final int MY_REQUESTS_LIMIT = 200;

    private final ChangeRequests requests;
    private final ChangeRequestRepository repository;
    private final Approvals approvals;
    private final RequestTimeline timeline;
    private final String diagramXml;

    WebRequests(ChangeRequests requests, ChangeRequestRepository repository, Approvals approvals,
                RequestTimeline timeline) {
        this.requests = requests;
        this.repository = repository;
        this.approvals = approvals;
        this.timeline = timeline;
        this.diagramXml = read(ChangeRequestProcess.BPMN_RESOURCE);
    }

    @Override
    public Optional<RequestView> find(Viewer viewer, String requestId) {
        Actor actor = WebViewers.actor(viewer);
        return repository.find(requestId)
                .filter(request -> approvals.maySee(actor, request))
                .map(request -> view(request, approvals.standing(actor, requestId).orElse(null)));
    }

    @Override
    public DecisionRecorded decide(Viewer viewer, String requestId, Decision decision, String comment) {
        if (!UnicodeText.isWellFormed(comment)) {
            throw new DecisionRefused("The comment " + UnicodeText.PROBLEM + ".");
        }
        Actor actor = WebViewers.actor(viewer);
        ChangeRequest request = repository.find(requestId)
                .filter(r -> approvals.maySee(actor, r))
                .orElseThrow(() -> new RequestNotFound(requestId));
        ApprovalTask task = approvals.taskFor(requestId)
                .orElseThrow(() -> new DecisionRefused("This request is not waiting for a decision."));
        Decided decided;
        try {
            decided = approvals.decide(task.id(), actor, UiTypes.outcome(decision), comment);
        } catch (io.countersign.approval.DecisionRefused.ApprovalConcluded concluded) {
            Conclusion c = concluded.conclusion();
            throw new DecisionRefused(Refusals.sentence(concluded),
                    new DecisionRefused.Concluded(label(c.outcome()), c.by(), c.at()));
        } catch (io.countersign.approval.DecisionRefused refused) {
            throw new DecisionRefused(Refusals.sentence(refused));
        } catch (ApprovalNotFound notFound) {
            throw new RequestNotFound(requestId);
        }
        // Words from the one judge's progress, so the flash says what the request page and the API say.
        Progress progress = approvals.progressOf(requestId).orElseThrow();
        return new DecisionRecorded(decision, decided.verdict().isConcluded(), progress.approvedByWords(),
                progress.stillNeeded());
    }

    /** "Changes requested", as the page writes an outcome. */
    private static String label(ApprovalOutcome outcome) {
        String words = outcome.name().toLowerCase().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    @Override
    public List<RequestSummary> myRequests(Viewer viewer) {
        List<ChangeRequest> mine = requests.requestedBy(viewer.username(), MY_REQUESTS_LIMIT);
        Map<String, Integer> approved = approvals.approvalCounts(
                mine.stream().map(ChangeRequest::id).collect(Collectors.toSet()));
        return mine.stream()
                .map(r -> new RequestSummary(r.id(), r.submission().plan().title(), r.submission().plan().service(),
                        r.submission().plan().environment(), UiTypes.tier(r.tier()), UiTypes.status(r),
                        r.submission().createdAt(), approvalsThatCount(r, approved),
                        requiredApprovals(r.classification())))
                .toList();
    }

    /** While pending, only approvals the one judge counts; an approval from a covered group is not progress. */
    private int approvalsThatCount(ChangeRequest r, Map<String, Integer> recorded) {
        return r.status() == RequestStatus.PENDING_APPROVAL
                ? approvals.progressOf(r.id()).map(Progress::approved).orElse(0)
                : recorded.getOrDefault(r.id(), 0);
    }

    @Override
    public String processDiagramXml() {
        return diagramXml;
    }

    private RequestView view(ChangeRequest request, Standing standing) {
        ChangePlan plan = request.submission().plan();
        Classification c = request.classification();
        AllowedDecisions allowed = standing == null ? AllowedDecisions.NONE : standing.allowed();
        Optional<ApprovalTask> task = standing == null ? Optional.empty() : standing.task();
        return new RequestView(request.id(), plan.title(), plan.justification(), plan.requestedBy(),
                plan.agent() == null ? null : new AgentRef(plan.agent().id(), plan.agent().name()),
                plan.service(), plan.environment(), UiTypes.status(request), request.submission().createdAt(),
                UiTypes.tier(request.tier()), c == null ? outcomeReasonIfDenied(request) : c.reason(),
                c == null ? null : c.ruleId(), request.submission().planHash(),
                request.status() == RequestStatus.PENDING_APPROVAL
                        ? task.map(ApprovalTask::slaDueAt).orElse(null) : null,
                plan.revisionOf(), plan.actions().stream().map(WebRequests::action).toList(),
                approvals.decisions(request.id()).stream()
                        .map(d -> new ApprovalView(d.approver(), Set.copyOf(d.approverGroups()),
                                UiTypes.decision(d.outcome()), d.decidedAt(), d.comment()))
                        .toList(),
                requiredApprovals(c), timeline.of(request.id(), approverGroups(request.id())),
                ProcessSteps.activeElementIds(request),
                decisions(allowed.outcomes()), decisions(allowed.commentRequired()),
                progress(request, standing), ProcessSteps.pathTaken(request));
    }

    /** The one judge's progress in the page's terms; null until the plan has a tier. */
    private static ApprovalProgress progress(ChangeRequest request, Standing standing) {
        if (standing == null) {
            return null;
        }
        Progress p = standing.progress();
        Optional<ApprovalTask> task = standing.task();
        boolean pending = request.status() == RequestStatus.PENDING_APPROVAL;
        return new ApprovalProgress(p.requirement(), p.stillNeeded(), p.approvedByWords(), p.approved(),
                p.requiredApprovals(),
                p.groupNeeds().stream().map(g -> new ApprovalProgress.GroupNeed(g.group(), g.approvedBy())).toList(),
                p.waitingOn(), task.map(ApprovalTask::claimedBy).filter(x -> pending).orElse(null),
                pending ? task.map(ApprovalTask::expiresAt).orElse(null) : null,
                request.classification().approvalWindow(),
                request.status() == RequestStatus.APPROVED ? request.approvalExpiresAt() : null,
                NoDecisionReasons.of(request, standing));
    }

    /** Who decided on the request, for which groups: the timeline names their role with them. */
    private java.util.Map<String, Set<String>> approverGroups(String requestId) {
        java.util.Map<String, Set<String>> groups = new java.util.HashMap<>();
        approvals.decisions(requestId).forEach(d -> groups.merge(d.approver(), Set.copyOf(d.approverGroups()),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream())
                        .collect(java.util.stream.Collectors.toUnmodifiableSet())));
        return groups;
    }

    /** A plan denied before classification has no tier, but its reason still explains the outcome. */
    private static String outcomeReasonIfDenied(ChangeRequest request) {
        return request.status() == RequestStatus.DENIED ? request.outcomeReason() : null;
    }

    private static ActionView action(PlanAction a) {
        return new ActionView(Operation.valueOf(a.operation().name()), a.resourceType(), a.resource(),
                Scope.valueOf(a.scope().name()), a.regions(), Boolean.TRUE.equals(a.reversible()), a.command(),
                a.hasRollbackPlan() ? a.rollbackPlan() : null);
    }

    private static Set<Decision> decisions(Set<DecisionOutcome> outcomes) {
        Set<Decision> decisions = new HashSet<>();
        outcomes.forEach(o -> decisions.add(UiTypes.decision(o)));
        return decisions;
    }

    /** Asked of the approval's rules, never counted here. */
    private static int requiredApprovals(Classification c) {
        return Approvals.requiredApprovals(c);
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the deployed process model " + resource + " is not on the classpath", e);
        }
    }
}
