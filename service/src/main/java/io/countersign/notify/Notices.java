package io.countersign.notify;

import io.countersign.approval.ApprovalTask;
import io.countersign.approval.Approvals;
import io.countersign.approval.BreakGlassReviewOverdue;
import io.countersign.approval.BreakGlassUsed;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.PlanAction;
import io.countersign.notify.Notice.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Writes the notices: what each kind of event tells its recipients. */
@Component
class Notices {

    static final String WAITING = "APPROVAL_WAITING";
    static final String ESCALATED = "ESCALATED";
    static final String PROGRESS = "DECISION_RECORDED";
    static final String OUTCOME = "REQUEST_OUTCOME";
    static final String STALLED = "REQUEST_STALLED";
    static final String BREAK_GLASS = "BREAK_GLASS";
    static final String BREAK_GLASS_REVIEW_OVERDUE = "BREAK_GLASS_REVIEW_OVERDUE";

    private static final int MAX_COMMAND = 300;

    private final NotificationProperties properties;
    private final ApprovalProgress progress;

    Notices(NotificationProperties properties, ApprovalProgress progress) {
        this.properties = properties;
        this.progress = progress;
    }

    Notice waiting(ChangeRequest request, ApprovalTask task) {
        return new Notice(WAITING, request.id(), "Approval needed: " + title(request) + " (" + request.tier() + ")",
                approverFacts(request, task), properties.requestLink(request.id()), chatApprovable(request, task));
    }

    Notice escalated(ChangeRequest request, ApprovalTask task) {
        return new Notice(ESCALATED, request.id(), "Overdue, escalated to you: " + title(request) + " ("
                + request.tier() + ", SLA passed " + task.slaDueAt() + ")", approverFacts(request, task),
                properties.requestLink(request.id()), chatApprovable(request, task));
    }

    Notice progress(ChangeRequest request, ApprovalTask task, String approver, String outcome) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Decision", approver + " " + words(outcome)));
        facts.addAll(approverFacts(request, task));
        return new Notice(PROGRESS, request.id(), approver + " " + words(outcome) + " your request: " + title(request)
                + " (" + progress.stillNeeded(request.id()) + ")", facts, properties.requestLink(request.id()), null);
    }

    Notice outcome(ChangeRequest request) {
        List<Fact> facts = new ArrayList<>(planFacts(request));
        if (request.outcomeReason() != null) {
            facts.add(new Fact("Reason", request.outcomeReason()));
        }
        if (request.approvalExpiresAt() != null && request.status().name().equals("APPROVED")) {
            facts.add(new Fact("Run it before", request.approvalExpiresAt().toString()));
        }
        return new Notice(OUTCOME, request.id(), "Your request is " + request.status().name().replace('_', ' ')
                .toLowerCase(Locale.ROOT) + ": " + title(request), facts, properties.requestLink(request.id()), null);
    }

    Notice stalled(ChangeRequest request, String step, String reason) {
        List<Fact> facts = new ArrayList<>(planFacts(request));
        facts.add(new Fact("Stalled at", step));
        facts.add(new Fact("Why", reason));
        facts.add(new Fact("What now", "an admin retries the step or closes the request (Admin page)"));
        return new Notice(STALLED, request.id(), "Your request is stalled: " + title(request), facts,
                properties.requestLink(request.id()), null);
    }

    Notice brokeGlass(ChangeRequest request, BreakGlassUsed used) {
        List<Fact> facts = new ArrayList<>(planFacts(request));
        facts.add(new Fact("Broken by", used.invokedBy()));
        facts.add(new Fact("Reason", used.reason()));
        facts.add(new Fact("Incident", used.incidentRef()));
        facts.add(new Fact("Review due", used.reviewDueAt() + " (two people: one from the owning team, one from SRE)"));
        return new Notice(BREAK_GLASS, request.id(), "Break-glass: " + used.invokedBy() + " approved "
                + title(request) + " alone; review it", facts, properties.requestLink(request.id()), null);
    }

    Notice breakGlassOverdue(ChangeRequest request, BreakGlassReviewOverdue overdue) {
        List<Fact> facts = new ArrayList<>(planFacts(request));
        facts.add(new Fact("Broken by", overdue.invokedBy()));
        facts.add(new Fact("Review was due", overdue.reviewDueAt().toString()));
        return new Notice(BREAK_GLASS_REVIEW_OVERDUE, request.id(), "Overdue break-glass review: " + title(request),
                facts, properties.requestLink(request.id()), null);
    }

    private List<Fact> approverFacts(ChangeRequest request, ApprovalTask task) {
        List<Fact> facts = new ArrayList<>(planFacts(request));
        facts.add(new Fact("Still needed", progress.stillNeeded(request.id())));
        facts.add(new Fact("Deadline", task.expiresAt() + " (escalates after " + task.slaDueAt() + ")"));
        return facts;
    }

    private static List<Fact> planFacts(ChangeRequest request) {
        var plan = request.submission().plan();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Requested by", plan.requestedBy()
                + (plan.agent() == null ? "" : " through agent " + plan.agent().id())));
        facts.add(new Fact("What will run", plan.actions().stream().map(Notices::action)
                .collect(Collectors.joining("; "))));
        List<String> regions = plan.actions().stream().flatMap(a -> a.regions() == null ? java.util.stream.Stream.of()
                : a.regions().stream()).distinct().toList();
        facts.add(new Fact("Where", plan.service() + " in " + plan.environment()
                + (regions.isEmpty() ? "" : " (" + String.join(", ", regions) + ")")));
        if (request.classification() != null) {
            facts.add(new Fact("Tier", request.tier() + ": " + request.classification().reason()));
        }
        return facts;
    }

    private static String action(PlanAction a) {
        String command = a.command().length() > MAX_COMMAND ? a.command().substring(0, MAX_COMMAND) + "..." : a.command();
        return a.operation() + " " + a.resourceType() + " " + a.resource() + " [" + command + "]";
    }

    /** Only an approval that needs no comment can be given from a button. */
    private static String chatApprovable(ChangeRequest request, ApprovalTask task) {
        return request.classification() != null && !Approvals.approvalNeedsComment(request.classification())
                ? task.id() : null;
    }

    private static String title(ChangeRequest request) {
        return request.submission().plan().title();
    }

    private static String words(String outcome) {
        return switch (outcome) {
            case "APPROVE" -> "approved";
            case "REJECT" -> "rejected";
            default -> "requested changes to";
        };
    }
}
