package io.countersign.ui.request;

import io.countersign.ui.shared.AgentRef;
import io.countersign.ui.shared.Decision;
import io.countersign.ui.shared.RequestStatus;
import io.countersign.ui.shared.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the request page shows, as the viewer may see it now.
 *
 * @param tier              {@code null} until the plan is classified
 * @param tierReason        the DMN rule's explanation; {@code null} until classified
 * @param ruleId            the DMN rule that fired; {@code null} until classified
 * @param planHash          SHA-256 (hex) over the canonical plan
 * @param slaDueAt          when the pending approval escalates; {@code null} if not pending or no SLA
 * @param revisionOf        the request this plan revises after "request changes"; {@code null} if none
 * @param activeElementIds  BPMN element ids the process instance is at now (highlighted on the diagram); for a
 *                          closed request, the end event it reached
 * @param allowedDecisions  what the viewer may decide now; empty for auditors, the requester, agents,
 *                          people outside the required groups, someone who already decided, and closed requests
 * @param commentRequiredFor of the allowed decisions, those that need a comment (policy: all but a plain
 *                          approval of a {@code MEDIUM} plan)
 * @param progress          where the approval stands, in the service's words; {@code null} until classified
 * @param pathTaken         BPMN element ids the instance passed through to get where it is, in order (the diagram
 *                          marks them and the flows between consecutive ones)
 */
public record RequestView(String id, String title, String justification, String requestedBy, AgentRef agent,
                          String service, String environment, RequestStatus status, Instant submittedAt,
                          Tier tier, String tierReason, String ruleId, String planHash, Instant slaDueAt,
                          String revisionOf, List<ActionView> actions, List<ApprovalView> approvals,
                          int requiredApprovals, List<TimelineEntry> timeline, Set<String> activeElementIds,
                          Set<Decision> allowedDecisions, Set<Decision> commentRequiredFor,
                          ApprovalProgress progress, List<String> pathTaken) {

    public RequestView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        actions = List.copyOf(actions);
        approvals = List.copyOf(approvals);
        timeline = List.copyOf(timeline);
        activeElementIds = Set.copyOf(activeElementIds);
        allowedDecisions = Set.copyOf(allowedDecisions);
        commentRequiredFor = Set.copyOf(commentRequiredFor);
        pathTaken = List.copyOf(pathTaken);
    }

    /** A view without the path taken (the diagram then marks only where the request is now). */
    public RequestView(String id, String title, String justification, String requestedBy, AgentRef agent,
                       String service, String environment, RequestStatus status, Instant submittedAt,
                       Tier tier, String tierReason, String ruleId, String planHash, Instant slaDueAt,
                       String revisionOf, List<ActionView> actions, List<ApprovalView> approvals,
                       int requiredApprovals, List<TimelineEntry> timeline, Set<String> activeElementIds,
                       Set<Decision> allowedDecisions, Set<Decision> commentRequiredFor) {
        this(id, title, justification, requestedBy, agent, service, environment, status, submittedAt, tier,
                tierReason, ruleId, planHash, slaDueAt, revisionOf, actions, approvals, requiredApprovals, timeline,
                activeElementIds, allowedDecisions, commentRequiredFor, null, List.of());
    }

    /** A view with the approval's progress but without the path taken. */
    public RequestView(String id, String title, String justification, String requestedBy, AgentRef agent,
                       String service, String environment, RequestStatus status, Instant submittedAt,
                       Tier tier, String tierReason, String ruleId, String planHash, Instant slaDueAt,
                       String revisionOf, List<ActionView> actions, List<ApprovalView> approvals,
                       int requiredApprovals, List<TimelineEntry> timeline, Set<String> activeElementIds,
                       Set<Decision> allowedDecisions, Set<Decision> commentRequiredFor, ApprovalProgress progress) {
        this(id, title, justification, requestedBy, agent, service, environment, status, submittedAt, tier,
                tierReason, ruleId, planHash, slaDueAt, revisionOf, actions, approvals, requiredApprovals, timeline,
                activeElementIds, allowedDecisions, commentRequiredFor, progress, List.of());
    }

    public boolean mayDecide(Decision decision) {
        return allowedDecisions.contains(decision);
    }

    public boolean needsComment(Decision decision) {
        return commentRequiredFor.contains(decision);
    }

    public long approvalsSoFar() {
        return approvals.stream().filter(a -> a.outcome() == Decision.APPROVE).count();
    }

    public boolean hasDestructiveAction() {
        return actions.stream().anyMatch(ActionView::destructive);
    }

    /** "2 to destroy, 1 to change", most harmful first. */
    public String changeSummary() {
        return EFFECTS.stream()
                .map(effect -> Map.entry(effect, actions.stream().filter(a -> a.effect().equals(effect)).count()))
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " to " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /** What the Approve button approves: "Approve DESTROY cost-explorer-prod in us-east-1 and 1 more action". */
    public String approveLabel() {
        if (actions.isEmpty()) {
            return Decision.APPROVE.label();
        }
        ActionView first = actions.stream().filter(ActionView::destructive).findFirst().orElse(actions.getFirst());
        int more = actions.size() - 1;
        return "Approve " + first.target() + (more == 0 ? "" : " and " + more + " more action" + (more == 1 ? "" : "s"));
    }

    private static final List<String> EFFECTS = List.of("destroy", "recreate", "change", "create", "read");
}
