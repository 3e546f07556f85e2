package io.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.countersign.token.OfflineTokenCheck;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code countersign verify} accepts only a token signed by a published key, unexpired, for exactly this plan. */
class VerifyCommandTest {

    /** The README's restart plan; the service hashed it to this before the plan model moved (PlanHashGoldenTest). */
    static final String PLAN = """
            {"title": "Restart cost-explorer API", "justification": "Memory leak after deploy",
             "requestedBy": "alice", "agent": {"id": "kiro-7", "name": "Kiro"},
             "service": "cost-explorer", "environment": "production",
             "actions": [{"operation": "RESTART", "resourceType": "deployment", "resource": "cost-explorer-api",
               "scope": "RESOURCE", "regions": ["eu-west-1"], "reversible": true,
               "command": "kubectl rollout restart deploy/cost-explorer-api", "rollbackPlan": "none needed"}]}""";
    static final String PLAN_HASH = "879f776b3a7f4fb92bcc62f9d875437298b6a038786acbb73cb0903e370823f1";

    @TempDir
    Path dir;

    private final ECKey published = key("published");

    record Outcome(int exitCode, String out, String err) {
    }

    @Test
    void aTokenForThisPlanSignedByAPublishedKeyIsValid() throws Exception {
        Outcome verified = verify(token(published, PLAN_HASH, Instant.now().plusSeconds(600)), plan(PLAN));

        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("valid: request req-1, tier MEDIUM, approved by [bob]")
                .contains("plan hash: " + PLAN_HASH);
    }

    @Test
    void aTamperedPlanIsRefusedWithBothHashes() throws Exception {
        Path tampered = plan(PLAN.replace("kubectl rollout restart", "kubectl delete"));

        Outcome verified = verify(token(published, PLAN_HASH, Instant.now().plusSeconds(600)), tampered);

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.err()).startsWith("refused: OTHER_PLAN").contains("the token was issued for " + PLAN_HASH);
    }

    @Test
    void aTokenSignedByAKeyThatIsNotPublishedIsRefused() throws Exception {
        Outcome verified = verify(token(key("someone-else"), PLAN_HASH, Instant.now().plusSeconds(600)), plan(PLAN));

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.err()).startsWith("refused: UNKNOWN_KEY");
    }

    @Test
    void aTokenSignedWithAnUnpublishedKeyUnderAPublishedKidIsRefused() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(published.getKeyID()).generate();

        Outcome verified = verify(token(impostor, PLAN_HASH, Instant.now().plusSeconds(600)), plan(PLAN));

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.err()).startsWith("refused: BAD_SIGNATURE");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Outcome verified = verify(token(published, PLAN_HASH, Instant.now().minus(Duration.ofMinutes(1))), plan(PLAN));

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.err()).startsWith("refused: EXPIRED");
    }

    @Test
    void aFileThatIsNotAPlanIsBadInputNotARefusal() throws Exception {
        Outcome verified = verify(token(published, PLAN_HASH, Instant.now().plusSeconds(600)),
                plan(PLAN.replace("\"title\"", "\"unexpected\": 1, \"title\"")));

        assertThat(verified.exitCode()).isEqualTo(2);
        assertThat(verified.err()).contains("is not a change plan").contains("unexpected");
    }

    private Outcome verify(String token, Path plan) throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(published.toPublicJWK()).toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Countersign.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute("verify", "--token", token, "--plan", plan.toString(), "--jwks", jwks.toString());
        return new Outcome(exit, out.toString(), err.toString());
    }

    private Path plan(String json) throws Exception {
        Path file = Files.createTempFile(dir, "plan-", ".json");
        Files.writeString(file, json);
        return file;
    }

    /** Signed as the service signs approval tokens (token.ApprovalTokens#issue). */
    static String token(ECKey key, String planHash, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(OfflineTokenCheck.ISSUER).subject("req-1").jwtID("jti-1")
                .issueTime(new Date()).expirationTime(Date.from(expires))
                .claim(OfflineTokenCheck.REQUEST_ID, "req-1").claim(OfflineTokenCheck.PLAN_HASH, planHash)
                .claim(OfflineTokenCheck.TIER, "MEDIUM").claim(OfflineTokenCheck.APPROVERS, List.of("bob"))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(OfflineTokenCheck.TYPE).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static ECKey key(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
