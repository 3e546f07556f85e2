package io.countersign.notify;

import io.countersign.approval.ApprovalEscalated;
import io.countersign.approval.ApprovalOpened;
import io.countersign.approval.DecisionRecorded;
import java.time.Clock;
import java.time.Duration;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The retry half of the registry for notifications: incomplete publications of this module's events are offered to
 * their listeners again when due (a message after its backoff, a planning step a minute after it was published), and
 * completed publications are deleted after a week. The registry itself resubmits everything outstanding at start
 * ({@code spring.modulith.events.republish-outstanding-events-on-restart}).
 */
@Component
class Resubmission {

    private static final Duration PLANNING_GRACE = Duration.ofMinutes(1);
    private static final Duration KEEP_COMPLETED = Duration.ofDays(7);

    private final IncompleteEventPublications incomplete;
    private final CompletedEventPublications completed;
    private final NotificationQueue queue;
    private final Clock clock;

    Resubmission(IncompleteEventPublications incomplete, CompletedEventPublications completed,
                 NotificationQueue queue, Clock clock) {
        this.incomplete = incomplete;
        this.completed = completed;
        this.queue = queue;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${countersign.notifications.resubmit-interval:PT5S}", initialDelayString = "PT10S")
    void resubmitDue() {
        incomplete.resubmitIncompletePublications(this::isDue);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetCompleted() {
        completed.deletePublicationsOlderThan(KEEP_COMPLETED);
    }

    private boolean isDue(EventPublication publication) {
        Object event = publication.getEvent();
        if (event instanceof NotificationQueued queued) {
            return queue.isDue(queued.notificationId());
        }
        boolean planning = event instanceof ApprovalOpened || event instanceof ApprovalEscalated
                || event instanceof DecisionRecorded || event instanceof RequestOutcome
                || event instanceof io.countersign.stall.RequestStalled
                || event instanceof io.countersign.approval.BreakGlassUsed
                || event instanceof io.countersign.approval.BreakGlassReviewOverdue;
        return planning && publication.getPublicationDate().isBefore(clock.instant().minus(PLANNING_GRACE));
    }
}
