package io.countersign.engine;

import io.countersign.stall.StallActions;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Lets the approval deadline apply to a stalled request. A step refused after the approval sub-process ended (the
 * approve step) has no timer left in the engine, so this sweep expires it instead, on the clock the engine's timers
 * follow: the embedded engine's (which tests move), or the system's next to a real cluster.
 */
@Component
class StalledRequestExpiry {

    private static final int BATCH = 200;

    private final StallActions actions;
    private final ObjectProvider<EngineClock> engineClock;
    private final Clock clock;

    StalledRequestExpiry(StallActions actions, ObjectProvider<EngineClock> engineClock, Clock clock) {
        this.actions = actions;
        this.engineClock = engineClock;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${countersign.stalls.expiry-sweep-interval:PT5S}", initialDelayString = "PT5S")
    void sweep() {
        EngineClock engine = engineClock.getIfAvailable();
        Instant now = engine == null ? clock.instant() : engine.now();
        actions.expireOverdue(now, BATCH);
    }
}
