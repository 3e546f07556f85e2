package io.countersign.cli;

import io.countersign.intake.ChangePlan;
import io.countersign.intake.PlanHash;
import io.countersign.token.OfflineTokenCheck;
import io.countersign.token.TokenCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Offline: is this approval token authentic, unexpired and issued for exactly this plan? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an approval token offline against the published keys: ES256 signature, expiry, and the "
                + "plan hash recomputed from the plan file.",
                "Exit 0 when valid, 1 when refused (with the reason). It cannot tell whether the token was already "
                        + "used: only redeeming it (countersign run) can."})
class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--token", required = true, paramLabel = "TOKEN",
            description = "the approval token, or - to read it from standard input")
    String token;

    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "the plan file, as submitted")
    Path plan;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        ChangePlan read = PlanFiles.read(plan);
        String planHash = PlanHash.of(read);
        TokenCheck check = OfflineTokenCheck.verify(token(), planHash,
                PublishedKeys.from(keyOptions.jwks, server.urlOrNull(), keyOptions.cacheDir), Instant.now());
        if (!check.valid()) {
            throw Stop.refused(why(check, planHash));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("valid: " + describe(check.claims()));
        out.println("plan hash: " + planHash);
        out.flush();
        return 0;
    }

    /** The reason, and for a token of another plan both hashes, so the difference can be found. */
    static String why(TokenCheck check, String planHash) {
        String words = check.reason() + ": " + check.detail();
        if (TokenCheck.Reason.OTHER_PLAN.name().equals(check.reason())) {
            words += " (the plan hashes to " + planHash + "; the token was issued for "
                    + check.claims().get(OfflineTokenCheck.PLAN_HASH) + ")";
        }
        return words;
    }

    static String describe(Map<String, Object> claims) {
        Object expires = claims.get("exp");
        String until = expires instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()).toString()
                : expires instanceof Date date ? date.toInstant().toString() : String.valueOf(expires);
        return "request " + claims.get(OfflineTokenCheck.REQUEST_ID) + ", tier " + claims.get(OfflineTokenCheck.TIER)
                + ", approved by " + claims.get(OfflineTokenCheck.APPROVERS) + ", valid until " + until;
    }

    private String token() {
        if (!"-".equals(token)) {
            return token.strip();
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw Stop.badInput("cannot read the token from standard input", e);
        }
    }
}
