package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.PlanAction;
import io.countersign.intake.PlanHash;
import io.countersign.token.OfflineTokenCheck;
import io.countersign.token.TokenCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The executor: runs exactly the approved plan of a request, once. Everything is checked before anything runs (the
 * request is approved, the plan the server holds hashes to what it recorded and to what the token was signed for, the
 * token verifies offline), then the token is redeemed, which the server allows once, and only then do commands run.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an approved plan: fetch it and its approval token, verify them offline, redeem the token "
                + "(once), run the actions' commands in order with /bin/sh -c, stop at the first failure, and report "
                + "SUCCEEDED or FAILED with exit codes and the output tail.",
                "Refuses, and runs nothing, on any mismatch. Use the agent token of the agent that submitted the plan."})
class RunCommand implements Callable<Integer> {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REQUEST_ID", description = "the change request to run")
    String requestId;

    @Option(names = "--dry-run", description = "verify and print what would run; redeem nothing, run nothing")
    boolean dryRun;

    @Option(names = "--plan", paramLabel = "FILE",
            description = "the plan this executor expects to run; refused unless it hashes as the approved one")
    Path expected;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() {
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw Stop.badInput("'" + requestId + "' is not a request id", null);
        }
        Server server = serverOptions.server();
        String path = "/api/v1/change-requests/" + requestId;
        JsonNode request = approvedRequest(server.get(path));
        String token = request.path("approvalToken").asText(null);
        if (token == null) {
            throw Stop.refused("request " + requestId + " is approved, but its approval token is shown only to the "
                    + "requesting side: run it with the agent token that submitted the plan; nothing was run");
        }
        ChangePlan plan = approvedPlan(server.get(path + "/plan"), request.path("planHash").asText());
        String planHash = PlanHash.of(plan);
        TokenCheck check = OfflineTokenCheck.verify(token, planHash,
                PublishedKeys.from(keyOptions.jwks, serverOptions.urlOrNull(), keyOptions.cacheDir), Instant.now());
        if (!check.valid()) {
            throw Stop.refused(VerifyCommand.why(check, planHash) + "; nothing was run");
        }
        if (!requestId.equals(check.claims().get(OfflineTokenCheck.REQUEST_ID))) {
            throw Stop.refused("the approval token was issued for another request; nothing was run");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("request " + requestId + ": APPROVED, plan hash " + planHash);
        out.println("token valid: " + VerifyCommand.describe(check.claims()));
        if (dryRun) {
            return dryRun(out, plan.actions());
        }
        Server.Answer redeemed = server.post("/api/v1/approval-tokens/redeem",
                Map.of("token", token, "planHash", planHash));
        if (redeemed.status() / 100 == 4) {
            throw Stop.refused("the server refused to redeem the approval token: " + redeemed.problem()
                    + "; nothing was run");
        }
        if (!redeemed.ok()) {
            throw Stop.serverTrouble("redeeming the approval token failed: " + redeemed.problem(), null);
        }
        out.println("redeemed: execution " + redeemed.body().path("executionId").asText());
        out.flush();
        List<Steps.Step> steps = new Steps(out).run(plan.actions());
        boolean succeeded = steps.size() == plan.actions().size() && steps.stream().allMatch(Steps.Step::succeeded);
        return report(server, path, succeeded ? "SUCCEEDED" : "FAILED", planHash, token, steps, out);
    }

    private JsonNode approvedRequest(Server.Answer answer) {
        if (answer.status() == 404 || answer.status() == 403) {
            throw Stop.refused("no request " + requestId + " this agent token may see (" + answer.problem()
                    + "); nothing was run");
        }
        if (!answer.ok()) {
            throw Stop.serverTrouble("reading request " + requestId + " failed: " + answer.problem(), null);
        }
        String status = answer.body().path("status").asText();
        if (!"APPROVED".equals(status)) {
            throw Stop.refused("request " + requestId + " is " + status + ", not APPROVED; nothing was run");
        }
        return answer.body();
    }

    /** The stored plan, which must hash to what the request records, and to the executor's own copy if given. */
    private ChangePlan approvedPlan(Server.Answer answer, String recorded) {
        if (!answer.ok()) {
            throw Stop.serverTrouble("reading the plan of request " + requestId + " failed: " + answer.problem(), null);
        }
        ChangePlan plan = PlanFiles.parse(answer.body().toString(), "the plan the server sent");
        String planHash = PlanHash.of(plan);
        if (!planHash.equals(recorded)) {
            throw Stop.refused("the plan the server sent hashes to " + planHash + ", but the request records "
                    + recorded + "; nothing was run");
        }
        if (expected != null) {
            String mine = PlanHash.of(PlanFiles.read(expected));
            if (!mine.equals(planHash)) {
                throw Stop.refused(expected + " hashes to " + mine + ", but the approved plan hashes to " + planHash
                        + "; run only what was approved; nothing was run");
            }
        }
        return plan;
    }

    private static int dryRun(PrintWriter out, List<PlanAction> actions) {
        out.println("dry run: would run " + actions.size() + " action(s); nothing redeemed, nothing run");
        for (int i = 0; i < actions.size(); i++) {
            PlanAction action = actions.get(i);
            out.printf("[%d/%d] %s %s %s%n$ %s%n", i + 1, actions.size(), action.operation(), action.resourceType(),
                    action.resource(), action.command());
        }
        out.flush();
        return 0;
    }

    private static int report(Server server, String path, String outcome, String planHash, String token,
                              List<Steps.Step> steps, PrintWriter out) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        body.put("planHash", planHash);
        body.put("approvalToken", token);
        body.put("steps", steps);
        Server.Answer reported = server.post(path + "/execution-report", body);
        if (!reported.ok()) {
            throw Stop.serverTrouble("the plan ran (" + outcome + ") but the report was refused: "
                    + reported.problem(), null);
        }
        out.println("reported " + outcome + ": request " + reported.body().path("status").asText());
        out.flush();
        return "SUCCEEDED".equals(outcome) ? 0 : Stop.COMMAND_FAILED;
    }
}
