package io.countersign.web;

import io.countersign.approval.ApprovalNotFound;
import io.countersign.approval.ClaimNotYours;
import io.countersign.approval.Approvals;
import io.countersign.approval.InboxEntry;
import io.countersign.approval.Standing;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.security.Actor;
import io.countersign.ui.shared.Operation;
import io.countersign.ui.inbox.ClaimRefused;
import io.countersign.ui.inbox.Inbox;
import io.countersign.ui.inbox.InboxItem;
import io.countersign.ui.shared.AgentRef;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import java.util.function.BiPredicate;
import org.springframework.stereotype.Component;

/** The approver's inbox over {@link Approvals}. */
@Component
class WebInbox implements Inbox {

    /** More than any one approver's groups have open at once; the page sorts and filters the whole list. */
    private static final int LIMIT = 500;

    private final Approvals approvals;
    private final ChangeRequestRepository requests;

    WebInbox(Approvals approvals, ChangeRequestRepository requests) {
        this.approvals = approvals;
        this.requests = requests;
    }

    @Override
    public List<InboxItem> openApprovals(Viewer viewer) {
        Actor actor = WebViewers.actor(viewer);
        return approvals.inbox(actor, LIMIT).stream()
                // An approver's own plan is routed to their group, but they can never decide it; it is in
                // "My requests" instead.
                .filter(entry -> !viewer.username().equals(entry.requestedBy()))
                .flatMap(entry -> requests.find(entry.requestId()).stream()
                        .map(request -> item(entry, request, approvals.standing(actor, request).orElse(null))))
                .toList();
    }

    @Override
    public void claim(Viewer viewer, String taskId) {
        act(viewer, taskId, (id, actor) -> approvals.claim(id, actor),
                "Someone else has already claimed this approval.");
    }

    @Override
    public void unclaim(Viewer viewer, String taskId) {
        act(viewer, taskId, (id, actor) -> approvals.unclaim(id, actor),
                "You do not hold the claim on this approval.");
    }

    private void act(Viewer viewer, String taskId, BiPredicate<String, io.countersign.security.Actor> action,
                     String refusal) {
        boolean done;
        try {
            done = action.test(taskId, WebViewers.actor(viewer));
        } catch (ApprovalNotFound notFound) {
            throw new ClaimRefused("This approval is not routed to any of your groups.");
        } catch (ClaimNotYours notYours) {
            throw new ClaimRefused("You may not decide on this approval, so you cannot claim it.");
        }
        if (!done) {
            throw new ClaimRefused(refusal);
        }
    }

    /** One row, with where the approval stands and whether it waits on the viewer, as the one judge says. */
    private static InboxItem item(InboxEntry e, ChangeRequest request, Standing standing) {
        AgentRef agent = e.agentId() == null && e.agentName() == null ? null : new AgentRef(e.agentId(), e.agentName());
        List<Operation> operations = request.submission().plan().actions().stream()
                .map(a -> Operation.valueOf(a.operation().name())).distinct().toList();
        boolean needsYou = standing != null && standing.needsThem();
        return new InboxItem(e.requestId(), e.taskId(), e.title(), e.service(), e.environment(), UiTypes.tier(e.tier()),
                e.requestedBy(), agent, e.submittedAt(), e.slaDueAt(), e.escalated(), e.claimedBy(),
                standing == null ? 0 : standing.progress().approved(),
                standing == null ? e.requiredApprovals() : standing.progress().requiredApprovals(), operations,
                e.expiresAt(), needsYou, standing == null ? "" : standing.progress().stillNeeded(),
                needsYou ? null : NoDecisionReasons.of(request, standing));
    }
}
