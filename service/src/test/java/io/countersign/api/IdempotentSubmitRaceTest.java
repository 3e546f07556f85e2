package io.countersign.api;

import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.Api;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The same Idempotency-Key sent by several calls at once creates one request; nobody gets a 5xx. */
class IdempotentSubmitRaceTest extends AppTest {

    private static final int ROUNDS = 15;
    private static final int PARALLEL = 8;

    @Autowired
    JdbcClient jdbc;

    @Test
    void concurrentSubmitsWithOneKeyCreateOneRequestAndAllAnswerWithIt() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String key = "race-" + UUID.randomUUID();
            Api alice = as("alice").withHeader("Idempotency-Key", key);
            Map<String, Object> plan = productionRestart("alice");

            List<Response> answers = inParallel(PARALLEL, () -> alice.post("/api/v1/change-requests", plan));

            assertThat(answers).as("round %d", round).allSatisfy(r ->
                    assertThat(r.status()).as(r.body()).isIn(200, 201, 409));
            List<String> ids = answers.stream().filter(r -> r.status() != 409).map(r -> r.text("id")).distinct().toList();
            assertThat(ids).as("round %d", round).hasSize(1);
            assertThat(answers.stream().filter(r -> r.status() == 201)).as("round %d", round).hasSize(1);
            assertThat(jdbc.sql("select count(*) from change_request where idempotency_key = ?")
                    .param(key)
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void concurrentSubmitsWithOneKeyButDifferentPlansCreateOneAndRefuseTheOthers() throws Exception {
        for (int round = 0; round < ROUNDS / 3; round++) {
            Api alice = as("alice").withHeader("Idempotency-Key", "race-" + UUID.randomUUID());
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                Map<String, Object> plan = productionRestart("alice");
                plan.put("title", "Restart, variant " + i);
                calls.add(() -> alice.post("/api/v1/change-requests", plan));
            }

            List<Response> answers = inParallel(calls);

            assertThat(answers.stream().map(Response::status)).as("round %d", round)
                    .containsOnlyOnce(201).containsOnly(201, 409);
        }
    }

    private static <T> List<T> inParallel(int n, Callable<T> call) throws Exception {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(call);
        }
        return inParallel(calls);
    }

    private static <T> List<T> inParallel(List<Callable<T>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<T> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        }
        return results;
    }
}
