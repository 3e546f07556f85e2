package io.countersign.audit;

/**
 * The one background thread of a lifecycle-managed worker (the chain sealer, the checkpoint signer): started with the
 * application, interrupted and joined, within a bound, when it stops.
 */
final class BackgroundThread {

    private final String name;
    private volatile Thread thread;

    BackgroundThread(String name) {
        this.name = name;
    }

    void start(Runnable loop) {
        Thread started = Thread.ofPlatform().name(name).daemon().unstarted(loop);
        thread = started;
        started.start();
    }

    void stop(long joinMillis) {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(joinMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning() {
        return thread != null;
    }
}
