package io.countersign.token;

import static io.countersign.support.Plans.stagingUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.countersign.security.SealedSecrets;
import io.countersign.support.Api;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The approval token: signed, bound to one plan and one request, verifiable offline, spent by one execution. */
class ApprovalTokensTest extends AppTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SealedSecrets secrets;
    @Autowired
    io.countersign.audit.AuditLog audit;

    @Test
    void theKeysAnswerClientsAskingForPlainJsonAsWellAsForAJwkSet() {
        for (String accept : List.of("application/json", "application/jwk-set+json", "*/*")) {
            Response keys = api().withHeader("Accept", accept).get("/.well-known/jwks.json");
            assertThat(keys.status()).as(accept).isEqualTo(200);
            assertThat(keys.json().path("keys").isArray()).as(accept).isTrue();
            assertThat(keys.contentType()).as(accept)
                    .startsWith(accept.equals("application/json") ? "application/json" : "application/jwk-set+json");
        }
    }

    @Test
    void anApprovedPlanCarriesATokenThatVerifiesOfflineAgainstThePublishedKeys() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode approved = approvedLowPlan(kiro);

        SignedJWT jwt = SignedJWT.parse(approved.path("approvalToken").asText());
        JWKSet published = JWKSet.parse(api().get("/.well-known/jwks.json").body());
        ECKey key = (ECKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());

        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("requestId")).isEqualTo(approved.path("id").asText());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("planHash")).isEqualTo(approved.path("planHash").asText());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("tier")).isEqualTo("LOW");
        assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
        // JWT times are whole seconds: the token's window ends within the second the approval's does.
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(java.time.Instant.parse(approved.path("approvalExpiresAt").asText())
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void verifyAcceptsTheApprovedPlanHashAndRefusesAnyOther() {
        JsonNode approved = approvedLowPlan(asAgent("kiro-7", "alice"));
        String token = approved.path("approvalToken").asText();

        Response good = verify(token, approved.path("planHash").asText());
        Response other = verify(token, "a".repeat(64));

        assertThat(good.json().path("valid").asBoolean()).isTrue();
        assertThat(good.json().path("claims").path("requestId").asText()).isEqualTo(approved.path("id").asText());
        assertThat(other.json().path("valid").asBoolean()).isFalse();
        assertThat(other.text("reason")).isEqualTo("OTHER_PLAN");
    }

    @Test
    void aTamperedTokenFailsItsSignature() {
        JsonNode approved = approvedLowPlan(asAgent("kiro-7", "alice"));
        String[] parts = approved.path("approvalToken").asText().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"LOW\"", "\"CRITICAL\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
                + "." + parts[2];

        assertThat(verify(forged, approved.path("planHash").asText()).text("reason")).isEqualTo("BAD_SIGNATURE");
        assertThat(verify("not.a.token", approved.path("planHash").asText()).text("reason")).isEqualTo("MALFORMED");
    }

    @Test
    void aTokenClosesOnlyItsOwnRequestAndOnlyOnce() {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode first = approvedLowPlan(kiro);
        JsonNode second = approvedLowPlan(kiro);
        assertThat(first.path("planHash").asText()).isEqualTo(second.path("planHash").asText());
        assertThat(redeem(kiro, first).status()).isEqualTo(200);

        Response borrowed = report(kiro, second, first.path("approvalToken").asText());
        assertThat(borrowed.status()).isEqualTo(422);
        assertThat(borrowed.text("reason")).isEqualTo("OTHER_REQUEST");

        assertThat(report(kiro, first, first.path("approvalToken").asText()).status()).isEqualTo(200);
        Response replay = report(kiro, first, first.path("approvalToken").asText());
        assertThat(replay.status()).isEqualTo(409);
        assertThat(verify(first.path("approvalToken").asText(), first.path("planHash").asText()).text("reason"))
                .isEqualTo("ALREADY_USED");
        assertThat(kiro.get("/api/v1/change-requests/" + first.path("id").asText()).text("status")).isEqualTo("EXECUTED");
    }

    @Test
    void afterRotationTheNewKeySignsAndOldTokensVerifyUntilTheOldKeyIsRetired() throws Exception {
        Api kiro = asAgent("kiro-7", "alice");
        JsonNode before = approvedLowPlan(kiro);
        String oldKid = SignedJWT.parse(before.path("approvalToken").asText()).getHeader().getKeyID();

        Response rotated = as("admin").post("/api/v1/admin/signing-keys/rotate", "");
        assertThat(rotated.status()).isEqualTo(201);
        JsonNode after = approvedLowPlan(kiro);
        String newKid = SignedJWT.parse(after.path("approvalToken").asText()).getHeader().getKeyID();

        assertThat(newKid).isEqualTo(rotated.text("kid")).isNotEqualTo(oldKid);
        assertThat(api().get("/.well-known/jwks.json").body()).contains(oldKid, newKid);
        assertThat(verify(before.path("approvalToken").asText(), before.path("planHash").asText()).json()
                .path("valid").asBoolean()).isTrue();
        assertThat(as("admin").post("/api/v1/admin/signing-keys/" + newKid + "/retire", "").status()).isEqualTo(409);

        assertThat(as("admin").post("/api/v1/admin/signing-keys/" + oldKid + "/retire", "").status()).isEqualTo(200);
        assertThat(verify(before.path("approvalToken").asText(), before.path("planHash").asText()).text("reason"))
                .isEqualTo("UNKNOWN_KEY");
        assertThat(api().get("/.well-known/jwks.json").body()).doesNotContain(oldKid);
        assertThat(jdbc.sql("select event_type from audit_entry where details like ?").param("%" + oldKid + "%")
                .query(String.class).list()).contains("SIGNING_KEY_RETIRED");
    }

    @Test
    void signingKeysSurviveARestartAndArePrivateOnlyEncrypted() {
        SigningKeys running = new SigningKeys(jdbc, secrets, audit, Clock.systemUTC());
        String kid = running.signingKey().getKeyID();

        SigningKeys restarted = new SigningKeys(jdbc, secrets, audit, Clock.systemUTC());

        assertThat(restarted.signingKey()).isEqualTo(running.signingKey());
        String stored = jdbc.sql("select private_jwk_encrypted from signing_key where kid = ?").param(kid)
                .query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("\"d\"").doesNotContain(kid);
    }

    private JsonNode approvedLowPlan(Api agent) {
        Response submitted = agent.post("/api/v1/change-requests", stagingUpdate("alice"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode decided = agent.get("/api/v1/change-requests/" + submitted.text("id") + "/decision?waitSeconds=20").json();
        assertThat(decided.path("status").asText()).isEqualTo("APPROVED");
        return decided;
    }

    private Response verify(String token, String planHash) {
        Response response = asAgent("executor", "alice").post("/api/v1/approval-tokens/verify",
                Map.of("token", token, "planHash", planHash));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static Response redeem(Api agent, JsonNode request) {
        return agent.post("/api/v1/approval-tokens/redeem", Map.of("token", request.path("approvalToken").asText(),
                "planHash", request.path("planHash").asText()));
    }

    private static Response report(Api agent, JsonNode request, String token) {
        return agent.post("/api/v1/change-requests/" + request.path("id").asText() + "/execution-report",
                Map.of("outcome", "SUCCEEDED", "planHash", request.path("planHash").asText(), "approvalToken", token));
    }
}
