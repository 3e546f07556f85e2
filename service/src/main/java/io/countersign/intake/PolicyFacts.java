package io.countersign.intake;

import io.countersign.freeze.FreezeWindows;
import io.countersign.policy.FreezeCalendar;
import io.countersign.policy.PlanFacts;
import io.countersign.policy.RiskPolicy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * The risk policy's facts about a request's plan, with the freeze calendar as it stood when the plan was submitted.
 * Every step that classifies a request (the workflow's inputs at submit, the classification check, the LOW re-check)
 * asks here, so they all read the same instant and the engine and the service get the same {@code activeFreeze}.
 */
@Component
public class PolicyFacts {

    private final FreezeWindows freezeWindows;
    private final ChangeRequestRepository requests;
    private final EmergencyClaims emergencies;
    private final RiskPolicy riskPolicy;

    PolicyFacts(FreezeWindows freezeWindows, ChangeRequestRepository requests, EmergencyClaims emergencies,
                RiskPolicy riskPolicy) {
        this.riskPolicy = riskPolicy;
        this.emergencies = emergencies;
        this.freezeWindows = freezeWindows;
        this.requests = requests;
    }

    /** The facts of a request's verified plan, as of its submission. */
    public PlanFacts of(String requestId, ChangePlan verifiedPlan) {
        Submission submission = requests.find(requestId).orElseThrow(() -> new ChangeRequestNotFound(requestId))
                .submission();
        return of(submission, verifiedPlan);
    }

    PlanFacts of(Submission submission, ChangePlan plan) {
        // An emergency asked for on submit overrides a freeze (never any other rule): the calendar is left out of
        // its facts, for every step that classifies it, so engine and service still agree.
        if (emergencies.find(submission.id()).isPresent()) {
            return RiskFacts.of(plan, FreezeCalendar.NONE);
        }
        // As precise as the database keeps the submission time, so a reloaded request reads the same instant.
        return RiskFacts.of(plan, calendarAt(submission.createdAt().truncatedTo(ChronoUnit.MICROS)));
    }

    /** The freeze that covered a submitted plan when it came in, whether or not an emergency overrode it. */
    public java.util.Optional<FreezeCalendar.Freeze> freezeAtSubmission(String requestId) {
        Submission submission = requests.find(requestId).orElseThrow(() -> new ChangeRequestNotFound(requestId))
                .submission();
        // The policy's own reading (each action's effective environment), not a second copy of it.
        return riskPolicy.freezeOver(RiskFacts.of(submission.plan(),
                calendarAt(submission.createdAt().truncatedTo(ChronoUnit.MICROS))));
    }

    /** The plan's facts with the freeze calendar as it stands at an instant (a token presented now). */
    PlanFacts at(Instant at, ChangePlan plan) {
        return RiskFacts.of(plan, calendarAt(at));
    }

    private FreezeCalendar calendarAt(Instant at) {
        return (environment, service, regions) -> freezeWindows.covering(at, environment, service, regions)
                .map(f -> new FreezeCalendar.Freeze(f.name(), f.until()));
    }
}
