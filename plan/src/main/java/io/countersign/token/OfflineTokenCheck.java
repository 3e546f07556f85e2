package io.countersign.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What anyone holding the published keys can check about an approval token, without asking the service: an ES256
 * signature by a key of the JWKS, our type and issuer, the plan hash it is bound to, and its expiry. The service's
 * {@code ApprovalTokens} starts every check here and then asks its database (issued by us, revoked, redeemed); the
 * {@code countersign} command stops here, which is why offline verification never proves a token unused.
 */
public final class OfflineTokenCheck {

    public static final String ISSUER = "countersign";
    public static final JOSEObjectType TYPE = new JOSEObjectType("countersign-approval+jwt");
    public static final String REQUEST_ID = "requestId";
    public static final String PLAN_HASH = "planHash";
    public static final String TIER = "tier";
    public static final String APPROVERS = "approvers";

    /** Either the claims of an authentic token, or why it is not one. */
    public record Authentic(TokenCheck refusal, JWTClaimsSet claims) {
    }

    private OfflineTokenCheck() {
    }

    /**
     * Authentic, bound to this plan hash, and unexpired at {@code now}.
     *
     * @param keys the verification key for a key id, empty when the id is unknown or the key retired
     */
    public static TokenCheck verify(String token, String planHash, Function<String, Optional<ECKey>> keys,
                                    Instant now) {
        Authentic authentic = authenticate(token, keys);
        if (authentic.refusal() != null) {
            return authentic.refusal();
        }
        Map<String, Object> shown = authentic.claims().toJSONObject();
        if (!Objects.equals(authentic.claims().getClaim(PLAN_HASH), planHash)) {
            return TokenCheck.refused(TokenCheck.Reason.OTHER_PLAN, shown);
        }
        if (!now.isBefore(authentic.claims().getExpirationTime().toInstant())) {
            return TokenCheck.refused(TokenCheck.Reason.EXPIRED, shown);
        }
        return TokenCheck.valid(shown);
    }

    /** Signature, key, type and issuer. */
    public static Authentic authenticate(String token, Function<String, Optional<ECKey>> keys) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return new Authentic(TokenCheck.refused(TokenCheck.Reason.MALFORMED, Map.of()), null);
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !TYPE.equals(jwt.getHeader().getType())
                || jwt.getHeader().getKeyID() == null) {
            return new Authentic(TokenCheck.refused(TokenCheck.Reason.MALFORMED, Map.of()), null);
        }
        Optional<ECKey> key = keys.apply(jwt.getHeader().getKeyID());
        if (key.isEmpty()) {
            return new Authentic(TokenCheck.refused(TokenCheck.Reason.UNKNOWN_KEY, Map.of()), null);
        }
        if (!signatureHolds(jwt, key.get())) {
            return new Authentic(TokenCheck.refused(TokenCheck.Reason.BAD_SIGNATURE, Map.of()), null);
        }
        if (!ISSUER.equals(claims.getIssuer()) || claims.getJWTID() == null || claims.getExpirationTime() == null) {
            return new Authentic(TokenCheck.refused(TokenCheck.Reason.MALFORMED, claims.toJSONObject()), null);
        }
        return new Authentic(null, claims);
    }

    private static boolean signatureHolds(SignedJWT jwt, ECKey key) {
        try {
            return jwt.verify(new ECDSAVerifier(key.toECPublicKey()));
        } catch (JOSEException e) {
            return false;
        }
    }
}
