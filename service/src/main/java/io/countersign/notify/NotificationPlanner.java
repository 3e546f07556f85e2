package io.countersign.notify;

import io.countersign.approval.ApprovalEscalated;
import io.countersign.approval.ApprovalOpened;
import io.countersign.approval.ApprovalTask;
import io.countersign.approval.Approvals;
import io.countersign.approval.DecisionRecorded;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.RequestDecided;
import io.countersign.intake.RequestStatus;
import io.countersign.policy.Tier;
import io.countersign.security.Actor;
import io.countersign.security.Roles;
import io.countersign.security.UserDirectory;
import io.countersign.stall.RequestStalled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import io.countersign.approval.BreakGlassReviewOverdue;
import io.countersign.approval.BreakGlassUsed;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Who hears what. Each event it listens to was stored in the event publication registry by the transaction that
 * caused it; this runs after that commit, on its own thread and transaction, so nothing here can slow or fail a
 * decision. It writes one notification per recipient and channel (idempotently: a resubmitted event plans nothing
 * twice), and each of those is sent by {@link NotificationSender}.
 *
 * <p>An approval that opens tells the members of each routed group the one judge would let decide (never the
 * requesting side); an escalation tells the escalation group; a decision that leaves the approval pending tells
 * the requester what is still needed; a decided, expired, lapsed, stalled or executed request tells the requester. LOW plans
 * tell nobody. A withdrawal tells nobody: the requester did it.
 */
@Component
class NotificationPlanner {

    private final ChangeRequestRepository requests;
    private final Approvals approvals;
    private final UserDirectory directory;
    private final Notices notices;
    private final ChatPayloads chat;
    private final NotificationQueue queue;
    private final NotificationProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final ApplicationEventPublisher events;

    NotificationPlanner(ChangeRequestRepository requests, Approvals approvals, UserDirectory directory,
                        Notices notices, ChatPayloads chat, NotificationQueue queue,
                        NotificationProperties properties, ObjectProvider<JavaMailSender> mail,
                        ApplicationEventPublisher events) {
        this.requests = requests;
        this.approvals = approvals;
        this.directory = directory;
        this.notices = notices;
        this.chat = chat;
        this.queue = queue;
        this.properties = properties;
        this.mail = mail;
        this.events = events;
    }

    /**
     * Restates a decided request as an event the registry can store, inside the transaction that decided it; only
     * when its outcome tells somebody, so a LOW plan's approval stores no publication and wakes no listener thread.
     */
    @EventListener
    void on(RequestDecided decided) {
        ChangeRequest request = decided.request();
        if (tellsRequester(request.tier(), request.status().name())) {
            events.publishEvent(new RequestOutcome(request.id(), request.status().name()));
        }
    }

    @ApplicationModuleListener
    void on(ApprovalOpened opened) {
        withApproval(opened.requestId(), (request, task) -> {
            Notice notice = notices.waiting(request, task);
            tellGroups(request, task.approverGroups(), notice, "opened:" + task.id());
        });
    }

    @ApplicationModuleListener
    void on(ApprovalEscalated escalated) {
        withApproval(escalated.requestId(), (request, task) -> {
            Notice notice = notices.escalated(request, task);
            tellGroups(request, escalated.escalationGroups(), notice, "escalated:" + task.id());
        });
    }

    @ApplicationModuleListener
    void on(DecisionRecorded recorded) {
        if (recorded.concluded()) {
            return; // the request's own status change tells the requester
        }
        withApproval(recorded.requestId(), (request, task) -> tellRequester(request,
                notices.progress(request, task, recorded.approver(), recorded.outcome().name()),
                "decision:" + recorded.decisionId()));
    }

    @ApplicationModuleListener
    void on(RequestOutcome outcome) {
        requests.find(outcome.requestId())
                .filter(r -> tellsRequester(r.tier(), outcome.status()))
                .ifPresent(r -> tellRequester(r, notices.outcome(r), "outcome:" + r.id() + ":" + outcome.status()));
    }

    @ApplicationModuleListener
    void on(RequestStalled stalled) {
        requests.find(stalled.requestId()).filter(r -> r.tier() != Tier.LOW).ifPresent(r -> tellRequester(r,
                notices.stalled(r, stalled.step(), stalled.reason()), "stalled:" + r.id() + ":" + stalled.step()));
    }

    @ApplicationModuleListener
    void on(BreakGlassUsed used) {
        requests.find(used.requestId()).ifPresent(r -> tellMembers(r, used.notifyGroups(), used.invokedBy(),
                notices.brokeGlass(r, used), "break-glass:" + r.id()));
    }

    @ApplicationModuleListener
    void on(BreakGlassReviewOverdue overdue) {
        requests.find(overdue.requestId()).ifPresent(r -> tellMembers(r, overdue.notifyGroups(), overdue.invokedBy(),
                notices.breakGlassOverdue(r, overdue), "break-glass-overdue:" + r.id()));
    }

    /** LOW plans tell nobody, and a withdrawal tells nobody: the requester did it. */
    private static boolean tellsRequester(Tier tier, String status) {
        return tier != Tier.LOW && !status.equals(RequestStatus.WITHDRAWN.name());
    }

    private void withApproval(String requestId, java.util.function.BiConsumer<ChangeRequest, ApprovalTask> plan) {
        Optional<ChangeRequest> request = requests.find(requestId);
        Optional<ApprovalTask> task = approvals.taskFor(requestId);
        if (request.isPresent() && task.isPresent() && request.get().tier() != Tier.LOW) {
            plan.accept(request.get(), task.get());
        }
    }

    private void tellGroups(ChangeRequest request, List<String> groups, Notice notice, String key) {
        Map<String, String> emails = new LinkedHashMap<>();
        for (String group : groups) {
            for (UserDirectory.Person person : directory.members(group)) {
                if (mayDecide(person, request)) {
                    directory.email(person.name().value()).ifPresent(e -> emails.putIfAbsent(person.name().value(), e));
                }
            }
            NotificationProperties.Chat target = properties.chat().get(group);
            if (target != null && target.url() != null && !target.url().isBlank()) {
                queue.queue(key + ":chat:" + group, request.id(), notice.kind(), NotificationQueue.CHAT, group,
                        notice.subject(), chat.render(notice, target.kind()));
            }
        }
        emails.forEach((person, email) -> email(key + ":mail:" + person, notice, email));
    }

    /** Everyone enabled in these groups but the one who broke glass: nothing is theirs to decide, all must know. */
    private void tellMembers(ChangeRequest request, List<String> groups, String except, Notice notice, String key) {
        Map<String, String> emails = new LinkedHashMap<>();
        for (String group : groups) {
            for (UserDirectory.Person person : directory.members(group)) {
                if (person.enabled() && !person.name().value().equals(except)) {
                    directory.email(person.name().value()).ifPresent(e -> emails.putIfAbsent(person.name().value(), e));
                }
            }
            NotificationProperties.Chat target = properties.chat().get(group);
            if (target != null && target.url() != null && !target.url().isBlank()) {
                queue.queue(key + ":chat:" + group, request.id(), notice.kind(), NotificationQueue.CHAT, group,
                        notice.subject(), chat.render(notice, target.kind()));
            }
        }
        emails.forEach((person, email) -> email(key + ":mail:" + person, notice, email));
    }

    private void tellRequester(ChangeRequest request, Notice notice, String key) {
        directory.email(request.submission().requestedBy()).ifPresent(email -> email(key + ":mail", notice, email));
    }

    private void email(String key, Notice notice, String address) {
        if (mail.getIfAvailable() != null) {
            queue.queue(key, notice.requestId(), notice.kind(), NotificationQueue.EMAIL, address, notice.subject(),
                    notice.text());
        }
    }

    /** Asks the one judge whether this person could decide now; an approver it would refuse is not bothered. */
    private boolean mayDecide(UserDirectory.Person person, ChangeRequest request) {
        if (!person.enabled() || !person.hasRole(Roles.APPROVER)) {
            return false;
        }
        Actor actor = new Actor(person.name().value(), Actor.HUMAN, person.roles(), person.groups(), null);
        return !approvals.allowedDecisions(actor, request.id()).isEmpty();
    }
}
