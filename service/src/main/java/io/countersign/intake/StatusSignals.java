package io.countersign.intake;

import io.countersign.common.AfterCommit;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Lets a caller wait for a request's status to change (submit waiting for the tier, the agent's long poll). A change
 * in this instance wakes waiters at once; a change made by another instance is seen on the next periodic re-read.
 */
@Component
class StatusSignals {

    private static final long RECHECK_MILLIS = 200;

    private final ConcurrentMap<String, Signal> signals = new ConcurrentHashMap<>();
    private final ChangeRequestRepository requests;

    StatusSignals(ChangeRequestRepository requests) {
        this.requests = requests;
    }

    /** Wakes waiters for this request once the current transaction commits. */
    public void changedAfterCommit(String requestId) {
        AfterCommit.run(() -> wake(requestId));
    }

    private void wake(String requestId) {
        Signal signal = signals.get(requestId);
        if (signal != null) {
            synchronized (signal) {
                signal.version++;
                signal.notifyAll();
            }
        }
    }

    /** Waits until the status satisfies the condition or the timeout passes; returns the last status seen. */
    public RequestStatus await(String requestId, Predicate<RequestStatus> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Signal signal = signals.compute(requestId, (id, s) -> (s == null ? new Signal() : s).join());
        try {
            while (true) {
                long seen;
                synchronized (signal) {
                    seen = signal.version;
                }
                RequestStatus status = requests.statusOf(requestId);
                long left = deadline - System.nanoTime();
                if (status == null || done.test(status) || left <= 0) {
                    return status;
                }
                synchronized (signal) {
                    if (signal.version == seen) {
                        signal.wait(Math.max(1, Math.min(RECHECK_MILLIS, left / 1_000_000)));
                    }
                }
            }
        } finally {
            signals.computeIfPresent(requestId, (id, s) -> s.leave() ? null : s);
        }
    }

    /** Counts changes so a wake-up between reading the status and waiting is never missed. */
    private static final class Signal {
        private long version;
        private int waiters;

        Signal join() {
            waiters++;
            return this;
        }

        boolean leave() {
            return --waiters == 0;
        }
    }
}
