package io.countersign.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** How the race tests fire their calls: all at the same moment, each on its own thread. */
public final class AtOnce {

    private AtOnce() {
    }

    /** Runs the calls at the same moment (released together by a latch) and returns their answers in order. */
    @SafeVarargs
    public static <T> List<T> atOnce(Callable<? extends T>... calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.length);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<? extends T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.length)) {
            for (Callable<? extends T> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).as("every call ready to start").isTrue();
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<? extends T> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        }
    }
}
