package io.countersign.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's notion of time, which BPMN timers follow. Only the embedded engine has one that can be moved, so
 * this bean exists only without the {@code camunda} profile; tests use it to fire timers without waiting.
 */
public interface EngineClock {

    /** Moves the engine's time forward; timers that become due fire shortly after. */
    void advance(Duration duration);

    Instant now();
}
