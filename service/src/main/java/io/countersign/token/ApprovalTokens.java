package io.countersign.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approval tokens: an ES256-signed JWS, issued once per approved request, that binds the request, its plan hash,
 * tier, approvers and approval window. Executors verify it offline against {@code /.well-known/jwks.json} or through
 * the API; the execution report redeems it, once.
 */
@Service
public class ApprovalTokens {

    public static final String ISSUER = "countersign";
    public static final JOSEObjectType TYPE = new JOSEObjectType("countersign-approval+jwt");
    public static final String REQUEST_ID = "requestId";
    public static final String PLAN_HASH = "planHash";
    public static final String TIER = "tier";
    public static final String APPROVERS = "approvers";

    /** A token as issued. */
    public record Issued(String jti, String kid, String token) {
    }

    private final SigningKeys keys;
    private final JdbcClient jdbc;
    private final Clock clock;

    ApprovalTokens(SigningKeys keys, JdbcClient jdbc, Clock clock) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Signs and stores the token for an approval, in the caller's transaction. */
    @Transactional
    public Issued issue(ApprovalGrant grant) {
        ECKey key = keys.signingKey();
        Instant now = clock.instant();
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(grant.requestId())
                .jwtID(jti)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(grant.expiresAt()))
                .claim(REQUEST_ID, grant.requestId())
                .claim(PLAN_HASH, grant.planHash())
                .claim(TIER, grant.tier())
                .claim(APPROVERS, grant.approvers())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the approval token", e);
        }
        String token = jwt.serialize();
        jdbc.sql("""
                        insert into approval_token (jti, request_id, plan_hash, kid, token, issued_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(jti, grant.requestId(), grant.planHash(), key.getKeyID(), token, Timestamp.from(now),
                        Timestamp.from(grant.expiresAt()))
                .update();
        return new Issued(jti, key.getKeyID(), token);
    }

    /** The token issued for this request, if it was approved. */
    public Optional<String> tokenFor(String requestId) {
        return jdbc.sql("select token from approval_token where request_id = ?").param(requestId).query(String.class)
                .optional();
    }

    /** Checks a token against a plan hash without using it up. */
    public TokenCheck verify(String token, String planHash) {
        return check(token, planHash, null);
    }

    /**
     * Uses the token up for one execution report of this request and plan. Must run in the transaction that records
     * the execution, so a refused report leaves the token unused.
     */
    @Transactional
    public Map<String, Object> redeem(String token, String requestId, String planHash, String by) {
        TokenCheck check = check(token, planHash, requestId);
        if (!check.valid()) {
            TokenCheck.Reason reason = TokenCheck.Reason.valueOf(check.reason());
            throw reason == TokenCheck.Reason.ALREADY_USED ? new ApprovalTokenAlreadyUsed() : new ApprovalTokenRefused(reason);
        }
        int used = jdbc.sql("update approval_token set redeemed_at = ?, redeemed_by = ? where jti = ? and redeemed_at is null")
                .params(Timestamp.from(clock.instant()), by, check.claims().get("jti"))
                .update();
        if (used != 1) {
            throw new ApprovalTokenAlreadyUsed();
        }
        return check.claims();
    }

    private TokenCheck check(String token, String planHash, String requestId) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return TokenCheck.refused(TokenCheck.Reason.MALFORMED, Map.of());
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !TYPE.equals(jwt.getHeader().getType())
                || jwt.getHeader().getKeyID() == null) {
            return TokenCheck.refused(TokenCheck.Reason.MALFORMED, Map.of());
        }
        Optional<ECKey> key = keys.verificationKey(jwt.getHeader().getKeyID());
        if (key.isEmpty()) {
            return TokenCheck.refused(TokenCheck.Reason.UNKNOWN_KEY, Map.of());
        }
        if (!signatureHolds(jwt, key.get())) {
            return TokenCheck.refused(TokenCheck.Reason.BAD_SIGNATURE, Map.of());
        }
        Map<String, Object> shown = claims.toJSONObject();
        Date expires = claims.getExpirationTime();
        if (!ISSUER.equals(claims.getIssuer()) || claims.getJWTID() == null || expires == null) {
            return TokenCheck.refused(TokenCheck.Reason.MALFORMED, shown);
        }
        if (!clock.instant().isBefore(expires.toInstant())) {
            return TokenCheck.refused(TokenCheck.Reason.EXPIRED, shown);
        }
        if (!java.util.Objects.equals(claims.getClaim(PLAN_HASH), planHash)) {
            return TokenCheck.refused(TokenCheck.Reason.OTHER_PLAN, shown);
        }
        if (requestId != null && !requestId.equals(claims.getClaim(REQUEST_ID))) {
            return TokenCheck.refused(TokenCheck.Reason.OTHER_REQUEST, shown);
        }
        Optional<Boolean> redeemed = jdbc.sql("select redeemed_at is not null from approval_token where jti = ?")
                .param(claims.getJWTID()).query(Boolean.class).optional();
        if (redeemed.isEmpty()) {
            return TokenCheck.refused(TokenCheck.Reason.UNKNOWN_TOKEN, shown);
        }
        if (redeemed.get()) {
            return TokenCheck.refused(TokenCheck.Reason.ALREADY_USED, shown);
        }
        return TokenCheck.valid(shown);
    }

    private static boolean signatureHolds(SignedJWT jwt, ECKey key) {
        try {
            return jwt.verify(new ECDSAVerifier(key.toECPublicKey()));
        } catch (JOSEException e) {
            return false;
        }
    }
}
