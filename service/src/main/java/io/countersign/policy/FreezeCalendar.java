package io.countersign.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which change-freeze window covers an action at the instant the plan was submitted, as its owner answers it. The
 * policy asks it with the action's effective environment (the inventory may raise the declared one), and the DMN
 * decides what an active freeze means for the action.
 */
@FunctionalInterface
public interface FreezeCalendar {

    /** No freezes: plans that break glass, and callers that predate freeze windows. */
    FreezeCalendar NONE = (environment, service, regions) -> Optional.empty();

    Optional<Freeze> covering(String environment, String service, List<String> regions);

    /** A covering window: its name and when its current occurrence ends. */
    record Freeze(String name, Instant until) {
    }
}
