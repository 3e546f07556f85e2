package io.countersign.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * How far the embedded engine is with replaying its log. Absent with the {@code camunda} profile, where the cluster
 * reports its own health.
 */
public interface EngineReplay {

    /** The stream processor's phase: {@code INITIAL}, {@code REPLAY}, {@code PROCESSING}, {@code FAILED}, ... */
    String phase();

    /** True once the log was replayed and the engine processes new commands (or pauses briefly for a snapshot). */
    default boolean replayed() {
        String phase = phase();
        return "PROCESSING".equals(phase) || "PAUSED".equals(phase);
    }

    /** How long the replay took, once it is over. */
    Optional<Duration> replayTime();
}
