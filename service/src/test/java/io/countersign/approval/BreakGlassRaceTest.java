package io.countersign.approval;

import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.recreateProductionEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.security.Roles;
import io.countersign.security.UserDirectory;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Break-glass under concurrency, many rounds each: two SREs at once, one reviewer twice at once, and a break-glass
 * racing an ordinary approval. The request's row lock must leave one consistent end state, never two tokens and
 * never a 5xx. Every break-glass is reviewed before the round ends, so no overdue review outlives the test.
 */
class BreakGlassRaceTest extends AppTest {

    private static final int ROUNDS = 12;
    private static final String FRANK = "frank";
    private static final String GRACE = "grace";

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcClient jdbc;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeEach
    void moreSres() {
        for (String sre : List.of(FRANK, GRACE)) {
            users.addIfAbsent(sre, passwords.encode("demo"), sre + " (SRE)", List.of(Roles.ENGINEER, Roles.APPROVER),
                    List.of("sre"));
        }
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void twoSresBreakingGlassOnOnePlanAtOnceGiveOneBreakGlassOneTokenAndOne409() {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
            taskOf("bob", id);

            List<Response> answers = together(() -> breakGlass("dave", id), () -> breakGlass(FRANK, id));

            assertThat(answers).extracting(Response::status).as(bodies(answers)).containsExactlyInAnyOrder(200, 409);
            assertThat(count("break_glass", id)).isEqualTo(1);
            assertThat(count("approval_token", id)).isEqualTo(1);
            assertThat(auditCount(id, "BREAK_GLASS")).isEqualTo(1);
            review(id, "bob");
            review(id, GRACE);
        }
    }

    @Test
    void oneReviewerReviewingTwiceAtOnceIsStoredOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
            taskOf("bob", id);
            assertThat(breakGlass("dave", id).status()).isEqualTo(200);

            List<Response> answers = together(() -> reviewAnswer(id, "bob"), () -> reviewAnswer(id, "bob"));

            assertThat(answers).extracting(Response::status).as(bodies(answers)).containsExactlyInAnyOrder(200, 409);
            assertThat(jdbc.sql("select count(*) from break_glass_review where request_id = ? and reviewer = 'bob'")
                    .param(id).query(Integer.class).single()).isEqualTo(1);
            review(id, GRACE);
        }
    }

    @Test
    void aBreakGlassRacingAnOrdinaryApprovalEndsApprovedOnceWithOneToken() {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", productionRestart("alice")).path("id").asText();
            String task = taskOf("bob", id);

            List<Response> answers = together(() -> breakGlass("dave", id),
                    () -> decide("bob", task, "APPROVE", "Looks right"));

            assertThat(answers).extracting(Response::status).as(bodies(answers)).containsExactlyInAnyOrder(200, 409);
            assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("APPROVED");
            assertThat(count("approval_token", id)).isEqualTo(1);
            boolean glassWon = answers.getFirst().status() == 200;
            assertThat(count("break_glass", id)).isEqualTo(glassWon ? 1 : 0);
            if (glassWon) {
                review(id, "carol");
                review(id, GRACE);
            }
        }
    }

    private List<Response> together(Supplier<Response> first, Supplier<Response> second) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        for (Supplier<Response> call : List.of(first, second)) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return call.get();
            }, pool));
        }
        start.countDown();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private Response breakGlass(String user, String id) {
        return as(user).post("/api/v1/change-requests/" + id + "/break-glass",
                Map.of("reason", "Checkout is down", "incidentRef", "INC-RACE"));
    }

    private Response reviewAnswer(String id, String reviewer) {
        return as(reviewer).post("/api/v1/change-requests/" + id + "/break-glass/reviews",
                Map.of("outcome", "ACCEPTED", "comment", "Checked the incident timeline"));
    }

    private void review(String id, String reviewer) {
        Response answer = reviewAnswer(id, reviewer);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private int count(String table, String id) {
        return jdbc.sql("select count(*) from " + table + " where request_id = ?").param(id).query(Integer.class)
                .single();
    }

    private int auditCount(String id, String type) {
        return jdbc.sql("select count(*) from audit_entry where request_id = ? and event_type = ?").params(id, type)
                .query(Integer.class).single();
    }

    private static String bodies(List<Response> answers) {
        return answers.stream().map(Response::body).toList().toString();
    }
}
