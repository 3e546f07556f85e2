package io.countersign.ui.shared;

import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;

/** "Now" for countdowns: the application's {@link Clock} bean if it has one, so tests can pin time. */
public class UiClock {

    private final Clock clock;

    UiClock(ObjectProvider<Clock> clock) {
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    public Instant now() {
        return clock.instant();
    }
}
