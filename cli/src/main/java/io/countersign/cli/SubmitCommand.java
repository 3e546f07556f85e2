package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Submits a plan file as written and prints what the gate made of it; optionally waits for the decision. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a change plan; print its id, tier and status, and with --wait the decision.")
class SubmitCommand implements Callable<Integer> {

    /** Statuses in which the plan will never run. */
    private static final Set<String> NEGATIVE =
            Set.of("DENIED", "REJECTED", "CHANGES_REQUESTED", "EXPIRED", "WITHDRAWN", "APPROVAL_LAPSED");
    private static final Set<String> POSITIVE = Set.of("APPROVED", "EXECUTED");
    /** The longest single decision call the API allows. */
    private static final int LONGEST_POLL = 60;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan file (JSON)")
    Path plan;

    @Option(names = "--wait", paramLabel = "SECONDS", description = "wait up to this long for the decision")
    int waitSeconds;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "the same key and plan submitted again answer with the first request (safe retries)")
    String idempotencyKey;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() {
        String text = PlanFiles.text(plan);
        PlanFiles.parse(text, plan.toString());
        Server server = serverOptions.server();
        Server.Answer submitted = server.post("/api/v1/change-requests", text,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
        if (submitted.status() / 100 == 4) {
            throw Stop.badInput("the server refused the plan: " + submitted.problem(), null);
        }
        if (!submitted.ok()) {
            throw Stop.serverTrouble("submitting failed: " + submitted.problem(), null);
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonNode request = submitted.body();
        out.println("id: " + request.path("id").asText());
        out.println("tier: " + request.path("tier").asText("(not classified yet)"));
        out.println("status: " + request.path("status").asText());
        out.println("planHash: " + request.path("planHash").asText());
        if (waitSeconds > 0) {
            request = awaitDecision(server, request);
            out.println("decision: " + request.path("status").asText()
                    + (request.hasNonNull("outcomeReason") ? " (" + request.get("outcomeReason").asText() + ")" : ""));
            for (JsonNode approval : request.path("approvals")) {
                out.println("  " + approval.path("outcome").asText() + " by " + approval.path("approver").asText()
                        + (approval.hasNonNull("comment") ? ": " + approval.get("comment").asText() : ""));
            }
        }
        if (request.hasNonNull("approvalToken")) {
            out.println("approvalToken: " + request.get("approvalToken").asText());
        }
        out.flush();
        String status = request.path("status").asText();
        if (NEGATIVE.contains(status)) {
            return Stop.REFUSED;
        }
        return waitSeconds > 0 && !POSITIVE.contains(status) ? Stop.UNDECIDED : 0;
    }

    private JsonNode awaitDecision(Server server, JsonNode request) {
        String path = "/api/v1/change-requests/" + request.path("id").asText() + "/decision?waitSeconds=";
        Instant deadline = Instant.now().plusSeconds(waitSeconds);
        JsonNode current = request;
        while (!decided(current)) {
            long left = Duration.between(Instant.now(), deadline).toSeconds();
            if (left <= 0) {
                break;
            }
            Server.Answer answer = server.get(path + Math.min(left, LONGEST_POLL));
            if (!answer.ok()) {
                throw Stop.serverTrouble("waiting for the decision failed: " + answer.problem(), null);
            }
            current = answer.body();
        }
        return current;
    }

    private static boolean decided(JsonNode request) {
        String status = request.path("status").asText();
        return POSITIVE.contains(status) || NEGATIVE.contains(status);
    }
}
