package io.countersign.token;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.cli.Countersign;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code countersign run} against the running application: an approved plan runs once, in order, and closes the
 * request; anything that does not match runs nothing. The commands only append to a file in a temporary folder.
 */
class CountersignRunTest extends AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err) {
    }

    @Test
    void anApprovedPlanRunsOnceInOrderAndClosesTheRequest() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        Path ran = dir.resolve("ran.txt");
        String id = approved(kiro, appendTo(ran, "one", "two"));

        Outcome dryRun = run(kiro, id, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("dry run: would run 2 action(s); nothing redeemed, nothing run")
                .contains("echo one >> ");
        assertThat(ran).doesNotExist();

        Outcome first = run(kiro, id);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(Files.readAllLines(ran)).containsExactly("one", "two");
        assertThat(first.out()).contains("[1/2] exit 0", "[2/2] exit 0", "reported SUCCEEDED: request EXECUTED");
        JsonNode closed = kiro.get("/api/v1/change-requests/" + id).json();
        assertThat(closed.path("status").asText()).isEqualTo("EXECUTED");
        assertThat(closed.path("executionOutcome").asText()).isEqualTo("SUCCEEDED");

        Outcome second = run(kiro, id);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("is EXECUTED, not APPROVED; nothing was run");
        assertThat(Files.readAllLines(ran)).containsExactly("one", "two");
    }

    @Test
    void aTokenAnotherExecutorAlreadyRedeemedRunsNothing() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        Path ran = dir.resolve("ran.txt");
        String id = approved(kiro, appendTo(ran, "one"));
        JsonNode view = kiro.get("/api/v1/change-requests/" + id).json();
        Api.Response redeemed = kiro.post("/api/v1/approval-tokens/redeem",
                Map.of("token", view.path("approvalToken").asText(), "planHash", view.path("planHash").asText()));
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);

        Outcome spent = run(kiro, id);

        assertThat(spent.exitCode()).isEqualTo(1);
        assertThat(spent.err()).contains("refused to redeem").contains("already redeemed").contains("nothing was run");
        assertThat(ran).doesNotExist();
    }

    @Test
    void aPlanFileThatDiffersFromTheApprovedPlanRunsNothingAndSpendsNothing() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        Path ran = dir.resolve("ran.txt");
        Map<String, Object> plan = appendTo(ran, "one");
        String id = approved(kiro, plan);
        Path tampered = dir.resolve("plan.json");
        Files.writeString(tampered, JSON.writeValueAsString(plan).replace("echo one", "echo tampered"));

        Outcome refused = run(kiro, id, "--plan", tampered.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("but the approved plan hashes to").contains("nothing was run");
        assertThat(ran).doesNotExist();
        assertThat(kiro.get("/api/v1/change-requests/" + id).text("status")).isEqualTo("APPROVED");
        assertThat(run(kiro, id, "--dry-run").exitCode()).as("the token is still unspent").isZero();
    }

    @Test
    void aRequestStillPendingRunsNothing() {
        Api kiro = asAgent("kiro-7", "alice");
        Api.Response submitted = kiro.post("/api/v1/change-requests", productionRestart("alice"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = kiro.get("/api/v1/change-requests/" + submitted.text("id") + "/decision?waitSeconds=0").text("id");

        Outcome pending = run(kiro, id);

        assertThat(pending.exitCode()).isEqualTo(1);
        assertThat(pending.err()).contains("not APPROVED; nothing was run");
    }

    @Test
    void theRunStopsAtTheFirstFailingCommandAndReportsFailed() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        Path ran = dir.resolve("ran.txt");
        Map<String, Object> plan = appendTo(ran, "one", "two");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) plan.get("actions")).getFirst();
        first.put("command", "echo about to fail; exit 3");
        String id = approved(kiro, plan);

        Outcome failed = run(kiro, id);

        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.out()).contains("about to fail", "[1/2] exit 3", "reported FAILED").doesNotContain("[2/2]");
        assertThat(ran).doesNotExist();
        assertThat(kiro.get("/api/v1/change-requests/" + id).text("executionOutcome")).isEqualTo("FAILED");
        JsonNode executed = await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode entry : as("erin").get("/api/v1/audit/events?requestId=" + id).json().path("items")) {
                if (entry.path("type").asText().equals("EXECUTED")) {
                    return entry;
                }
            }
            return null;
        }, entry -> entry != null);
        JsonNode step = executed.path("details").path("steps").get(0);
        assertThat(step.path("action").asInt()).isZero();
        assertThat(step.path("exitCode").asInt()).isEqualTo(3);
        assertThat(step.path("outputTail").asText()).isEqualTo("about to fail\n");
        assertThat(executed.path("details").path("steps")).hasSize(1);
    }

    @Test
    void submitPrintsTheTierAndTheDecisionAndItsTokenVerifiesOfflineAgainstTheServersKeys() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        Path planFile = dir.resolve("low.json");
        Files.writeString(planFile, JSON.writeValueAsString(appendTo(dir.resolve("ran.txt"), "one")));
        Path pendingFile = dir.resolve("medium.json");
        Files.writeString(pendingFile, JSON.writeValueAsString(productionRestart("alice")));

        Outcome low = command(kiro, "submit", planFile.toString(), "--wait", "20");
        Outcome pending = command(kiro, "submit", pendingFile.toString(), "--wait", "1");

        assertThat(low.exitCode()).as(low.err()).isZero();
        assertThat(low.out()).contains("tier: LOW", "decision: APPROVED", "approvalToken: ");
        assertThat(pending.exitCode()).as(pending.err()).isEqualTo(5);
        assertThat(pending.out()).contains("tier: MEDIUM", "decision: PENDING_APPROVAL");
        String token = low.out().lines().filter(line -> line.startsWith("approvalToken: ")).findFirst().orElseThrow()
                .substring("approvalToken: ".length());
        Outcome verified = command(kiro, "verify", "--token", token, "--plan", planFile.toString());
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("valid: request ").contains("tier LOW");
        Outcome other = command(kiro, "verify", "--token", token, "--plan", pendingFile.toString());
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).startsWith("refused: OTHER_PLAN");
    }

    /** A LOW staging plan whose actions each append one word to the file. */
    private static Map<String, Object> appendTo(Path file, String... words) {
        List<Map<String, Object>> actions = new ArrayList<>();
        for (String word : words) {
            Map<String, Object> action = action("UPDATE", "RESOURCE", true);
            action.put("command", "echo " + word + " >> '" + file + "'");
            actions.add(action);
        }
        Map<String, Object> plan = plan("alice", "staging");
        plan.put("actions", actions);
        return plan;
    }

    private String approved(Api agent, Map<String, Object> plan) {
        Api.Response submitted = agent.post("/api/v1/change-requests", plan);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode decided = agent.get("/api/v1/change-requests/" + submitted.text("id") + "/decision?waitSeconds=20")
                .json();
        assertThat(decided.path("status").asText()).as(decided.toString()).isEqualTo("APPROVED");
        return decided.path("id").asText();
    }

    private Outcome run(Api agent, String id, String... options) {
        List<String> args = new ArrayList<>(List.of("run", id));
        args.addAll(List.of(options));
        return command(agent, args.toArray(String[]::new));
    }

    private Outcome command(Api agent, String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.addAll(List.of("--server", "http://localhost:" + port,
                "--agent-token", agent.authorization().substring("Bearer ".length())));
        if (!args.getFirst().equals("submit")) {
            args.addAll(List.of("--cache-dir", dir.resolve("cache").toString()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Countersign.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args.toArray(String[]::new));
        return new Outcome(exit, out.toString(), err.toString());
    }
}
