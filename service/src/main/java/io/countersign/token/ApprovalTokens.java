package io.countersign.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import io.countersign.security.Actor;
import io.countersign.token.OfflineTokenCheck.Authentic;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approval tokens: an ES256-signed JWS, issued once per approved request, that binds the request, its plan hash,
 * tier, approvers and approval window. Executors verify it offline against {@code /.well-known/jwks.json} or through
 * the API, which proves it authentic and fresh but never unused; they redeem it before they run (once), and the
 * execution report closes the execution the redemption started. A token nobody redeemed can be revoked.
 */
@Service
public class ApprovalTokens {

    public static final String ISSUER = OfflineTokenCheck.ISSUER;
    public static final JOSEObjectType TYPE = OfflineTokenCheck.TYPE;
    public static final String REQUEST_ID = OfflineTokenCheck.REQUEST_ID;
    public static final String PLAN_HASH = OfflineTokenCheck.PLAN_HASH;
    public static final String TIER = OfflineTokenCheck.TIER;
    public static final String APPROVERS = OfflineTokenCheck.APPROVERS;
    /** True on a token one person obtained by breaking glass; absent otherwise. */
    public static final String EMERGENCY = "emergency";

    /** A token as issued. */
    public record Issued(String jti, String kid, String token) {
    }

    private static final int MAX_REASON = 1200;
    private static final String STORED = """
            jti, request_id, redeemed_at, redeemed_by, execution_id, reported_at, revoked_at, revocation_reason""";

    private final SigningKeys keys;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ApprovalTokens(SigningKeys keys, JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.audit = audit;
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
                .claim(EMERGENCY, grant.emergency() ? Boolean.TRUE : null)
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

    /** Checks a token against a plan hash without using it up, nor changing anything else. */
    public TokenCheck verify(String token, String planHash) {
        return check(token, planHash, null, Use.VERIFY).check();
    }

    /**
     * The request an authentic token was issued for, so the caller can lock that request before spending the token.
     * Refuses a token that is not ours (malformed, unknown key, bad signature).
     */
    public String requestOf(String token) {
        Authentic authentic = authenticate(token);
        if (authentic.refusal() != null) {
            throw refusal(authentic.refusal(), null);
        }
        Object requestId = authentic.claims().getClaim(REQUEST_ID);
        if (!(requestId instanceof String id)) {
            throw new ApprovalTokenRefused(TokenCheck.Reason.MALFORMED);
        }
        return id;
    }

    /**
     * Spends the token: the first call for an authentic, unexpired, unrevoked token of this request and plan starts
     * its one execution; any later call is refused with when and by whom it was redeemed. Runs in the caller's
     * transaction, which should hold the request's row lock; the conditional update alone already makes it once.
     */
    @Transactional
    public Redemption redeem(String token, String requestId, String planHash, String by) {
        return redeem(token, requestId, planHash, by, java.util.Optional.empty());
    }

    /**
     * As {@link #redeem(String, String, String, String)}, while a change freeze may cover the plan: a token approved
     * the ordinary way is refused until the freeze ends; an emergency (break-glass) token is not held back.
     */
    @Transactional
    public Redemption redeem(String token, String requestId, String planHash, String by, Optional<FreezeHold> freeze) {
        Checked checked = check(token, planHash, requestId, Use.REDEEM);
        if (!checked.check().valid()) {
            throw refusal(checked.check(), checked.stored());
        }
        if (freeze.isPresent() && !isEmergency(checked.claims())) {
            throw new ApprovalTokenFrozen(freeze.get().name(), freeze.get().until());
        }
        // As precise as the database keeps it, so the answer says exactly what a later refusal will.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String executionId = UUID.randomUUID().toString();
        int spent = jdbc.sql("""
                        update approval_token set redeemed_at = ?, redeemed_by = ?, execution_id = ?
                        where jti = ? and redeemed_at is null and revoked_at is null""")
                .params(Timestamp.from(now), by, executionId, checked.stored().jti())
                .update();
        if (spent != 1) {
            Stored after = stored(checked.stored().jti()).orElseThrow();
            throw after.revokedAt() != null ? new ApprovalTokenRevoked(after.revokedAt(), after.revocationReason())
                    : new ApprovalTokenAlreadyRedeemed(after.redeemedAt(), after.redeemedBy());
        }
        return redemption(checked.claims(), checked.stored().jti(), executionId, now, by);
    }

    /**
     * Closes the execution a redeemed token started, once. Refused before redemption and after a first report. The
     * approval window bounds when an execution may start, not how long it runs, so expiry is not checked here.
     */
    @Transactional
    public Redemption closeExecution(String token, String requestId, String planHash) {
        Checked checked = check(token, planHash, requestId, Use.REPORT);
        if (!checked.check().valid()) {
            throw refusal(checked.check(), checked.stored());
        }
        int closed = jdbc.sql("""
                        update approval_token set reported_at = ?
                        where jti = ? and redeemed_at is not null and reported_at is null""")
                .params(Timestamp.from(clock.instant()), checked.stored().jti())
                .update();
        if (closed != 1) {
            throw new ApprovalTokenRefused(TokenCheck.Reason.ALREADY_REPORTED);
        }
        Stored s = checked.stored();
        return redemption(checked.claims(), s.jti(), s.executionId(), s.redeemedAt(), s.redeemedBy());
    }

    /**
     * Revokes the request's token unless it was already redeemed, in the caller's transaction (which should hold the
     * request's row lock). True when the token is revoked now (or was already, or there is none); false when it was
     * redeemed, and then nothing changed: an execution has started and cannot be called back by revoking.
     */
    @Transactional
    public boolean revokeUnlessRedeemed(String requestId, String reason) {
        String why = reason == null || reason.isBlank() ? "revoked" : reason.strip();
        why = why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why;
        Instant now = clock.instant();
        int revoked = jdbc.sql("""
                        update approval_token set revoked_at = ?, revocation_reason = ?
                        where request_id = ? and redeemed_at is null and revoked_at is null""")
                .params(Timestamp.from(now), why, requestId)
                .update();
        if (revoked == 1) {
            String planHash = jdbc.sql("select plan_hash from approval_token where request_id = ?").param(requestId)
                    .query(String.class).single();
            audit.append(new AuditEvent("TOKEN_REVOKED", requestId, ISSUER, Actor.SYSTEM, null, planHash, null, null,
                    null, null, null, "REVOKED", why, Map.of("revokedAt", now.toString())));
            return true;
        }
        return redemptionOf(requestId).isEmpty();
    }

    /** The redemption of the request's token, if someone spent it. */
    public Optional<Redemption> redemptionOf(String requestId) {
        Optional<String> token = jdbc.sql("select token from approval_token where request_id = ? and redeemed_at is not null")
                .param(requestId).query(String.class).optional();
        return token.map(t -> {
            Authentic authentic = authenticate(t);
            Stored s = storedFor(requestId).orElseThrow();
            JWTClaimsSet claims = authentic.claims();
            return redemption(claims, s.jti(), s.executionId(), s.redeemedAt(), s.redeemedBy());
        });
    }

    private static boolean isEmergency(JWTClaimsSet claims) {
        return Boolean.TRUE.equals(claims.getClaim(EMERGENCY));
    }

    /** Whether the request's token was spent; an approval whose execution has started does not lapse. */
    public boolean isRedeemed(String requestId) {
        return storedFor(requestId).map(s -> s.redeemedAt() != null).orElse(false);
    }

    /** What a check is for: each use refuses a different state of the stored token. */
    private enum Use { VERIFY, REDEEM, REPORT }

    /** The token row: what the JWS cannot say about itself. */
    private record Stored(String jti, String requestId, Instant redeemedAt, String redeemedBy, String executionId,
                          Instant reportedAt, Instant revokedAt, String revocationReason) {
    }

    private record Checked(TokenCheck check, JWTClaimsSet claims, Stored stored) {
    }

    private Checked check(String token, String planHash, String requestId, Use use) {
        Authentic authentic = authenticate(token);
        if (authentic.refusal() != null) {
            return new Checked(authentic.refusal(), null, null);
        }
        JWTClaimsSet claims = authentic.claims();
        Map<String, Object> shown = claims.toJSONObject();
        if (!Objects.equals(claims.getClaim(PLAN_HASH), planHash)) {
            return new Checked(TokenCheck.refused(TokenCheck.Reason.OTHER_PLAN, shown), claims, null);
        }
        if (requestId != null && !requestId.equals(claims.getClaim(REQUEST_ID))) {
            return new Checked(TokenCheck.refused(TokenCheck.Reason.OTHER_REQUEST, shown), claims, null);
        }
        Optional<Stored> found = stored(claims.getJWTID());
        if (found.isEmpty() || !found.get().requestId().equals(claims.getClaim(REQUEST_ID))) {
            return new Checked(TokenCheck.refused(TokenCheck.Reason.UNKNOWN_TOKEN, shown), claims, null);
        }
        Stored s = found.get();
        TokenCheck refusal = refusalFor(use, s, claims.getExpirationTime().toInstant(), shown);
        return new Checked(refusal == null ? TokenCheck.valid(shown) : refusal, claims, s);
    }

    private TokenCheck refusalFor(Use use, Stored s, Instant expires, Map<String, Object> shown) {
        if (s.revokedAt() != null) {
            return TokenCheck.refused(TokenCheck.Reason.REVOKED,
                    ApprovalTokenRevoked.revokedWords(s.revokedAt(), s.revocationReason()), shown);
        }
        if (use == Use.REPORT) {
            if (s.redeemedAt() == null) {
                return TokenCheck.refused(TokenCheck.Reason.NOT_REDEEMED, shown);
            }
            return s.reportedAt() == null ? null : TokenCheck.refused(TokenCheck.Reason.ALREADY_REPORTED, shown);
        }
        if (s.redeemedAt() != null) {
            return TokenCheck.refused(TokenCheck.Reason.ALREADY_USED,
                    ApprovalTokenAlreadyRedeemed.redeemedWords(s.redeemedAt(), s.redeemedBy()), shown);
        }
        if (!clock.instant().isBefore(expires)) {
            return TokenCheck.refused(TokenCheck.Reason.EXPIRED, shown);
        }
        return null;
    }

    /** Signature, key, type and issuer: what an executor can check offline with the published keys. */
    private Authentic authenticate(String token) {
        return OfflineTokenCheck.authenticate(token, keys::verificationKey);
    }

    private static ApprovalTokenRefused refusal(TokenCheck check, Stored stored) {
        TokenCheck.Reason reason = TokenCheck.Reason.valueOf(check.reason());
        return switch (reason) {
            case ALREADY_USED -> new ApprovalTokenAlreadyRedeemed(stored.redeemedAt(), stored.redeemedBy());
            case REVOKED -> new ApprovalTokenRevoked(stored.revokedAt(), stored.revocationReason());
            default -> new ApprovalTokenRefused(reason, check.detail());
        };
    }

    private static Redemption redemption(JWTClaimsSet claims, String jti, String executionId, Instant at, String by) {
        List<String> approvers;
        try {
            approvers = claims.getStringListClaim(APPROVERS);
        } catch (ParseException e) {
            approvers = List.of();
        }
        return new Redemption(executionId, jti, (String) claims.getClaim(REQUEST_ID), (String) claims.getClaim(PLAN_HASH),
                (String) claims.getClaim(TIER), approvers == null ? List.of() : approvers,
                claims.getExpirationTime().toInstant(), at, by);
    }

    private Optional<Stored> stored(String jti) {
        return jdbc.sql("select " + STORED + " from approval_token where jti = ?").param(jti)
                .query(ApprovalTokens::stored).optional();
    }

    private Optional<Stored> storedFor(String requestId) {
        return jdbc.sql("select " + STORED + " from approval_token where request_id = ?").param(requestId)
                .query(ApprovalTokens::stored).optional();
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored(rs.getString("jti"), rs.getString("request_id"), instant(rs, "redeemed_at"),
                rs.getString("redeemed_by"), rs.getString("execution_id"), instant(rs, "reported_at"),
                instant(rs, "revoked_at"), rs.getString("revocation_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
