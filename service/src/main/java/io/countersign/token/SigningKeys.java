package io.countersign.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import io.countersign.security.Actor;
import io.countersign.security.SealedSecrets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ES256 keys that sign approval tokens, kept in the database so every instance and every restart uses the same
 * ones. Private keys are sealed by {@link SealedSecrets} under a key derived from the master secret. Rotation makes a new
 * key sign while older ones keep verifying the tokens they signed, until an admin retires them.
 */
@Service
public class SigningKeys {

    public enum Status { ACTIVE, VERIFY_ONLY, RETIRED }

    /** A signing key as admins see it: never the private half. */
    public record KeyInfo(String kid, String algorithm, Status status, Instant createdAt, Instant retiredAt) {
    }

    private static final String PURPOSE = "approval-token-signing-keys";

    private final JdbcClient jdbc;
    private final SealedSecrets secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, ECKey> unsealed = new ConcurrentHashMap<>();

    SigningKeys(JdbcClient jdbc, SealedSecrets secrets, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Makes sure a key exists before the first approval, so the JWKS is never empty. */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void ensureSigningKey() {
        if (newestActive().isEmpty()) {
            insert(generate());
        }
    }

    /**
     * The key new tokens are signed with: the newest active one, asked of the database each time so that a rotation
     * takes effect at once. A key id's private half never changes, so it is unsealed once per id and kept.
     */
    @Transactional
    ECKey signingKey() {
        String kid = newestActive().orElseGet(() -> {
            ensureSigningKey();
            return newestActive().orElseThrow();
        });
        return unsealed.computeIfAbsent(kid, id -> parse(decrypt(jdbc
                .sql("select private_jwk_encrypted from signing_key where kid = ?")
                .param(id).query(String.class).single(), id)));
    }

    /** The public key that verifies tokens with this key id, unless the key is unknown or retired. */
    Optional<ECKey> verificationKey(String kid) {
        return jdbc.sql("select public_jwk from signing_key where kid = ? and status <> ?")
                .params(kid, Status.RETIRED.name())
                .query(String.class)
                .optional()
                .map(SigningKeys::parse);
    }

    /** Every public key that still verifies, as a JWK Set for {@code /.well-known/jwks.json}. */
    public Map<String, Object> publicJwks() {
        List<ECKey> keys = jdbc.sql("select public_jwk from signing_key where status <> ? order by created_at desc")
                .param(Status.RETIRED.name())
                .query(String.class)
                .list()
                .stream()
                .map(SigningKeys::parse)
                .toList();
        return new JWKSet(List.copyOf(keys)).toJSONObject(true);
    }

    public List<KeyInfo> list() {
        return jdbc.sql("select kid, algorithm, status, created_at, retired_at from signing_key order by created_at desc")
                .query(SigningKeys::info)
                .list();
    }

    /** A new key signs from now on; the previous ones only verify. */
    @Transactional
    public KeyInfo rotate(Actor admin) {
        jdbc.sql("update signing_key set status = ? where status = ?")
                .params(Status.VERIFY_ONLY.name(), Status.ACTIVE.name())
                .update();
        ECKey key = generate();
        insert(key);
        record("SIGNING_KEY_ROTATED", admin, key.getKeyID());
        return find(key.getKeyID()).orElseThrow();
    }

    /** Stops a key verifying; every token it signed becomes invalid. The signing key cannot be retired. */
    @Transactional
    public KeyInfo retire(String kid, Actor admin) {
        KeyInfo key = find(kid).orElseThrow(() -> new SigningKeyNotFound(kid));
        if (key.status() == Status.ACTIVE) {
            throw new SigningKeyRefused("the active key signs new tokens; rotate first, then retire it");
        }
        int changed = jdbc.sql("update signing_key set status = ?, retired_at = ? where kid = ? and status <> ?")
                .params(Status.RETIRED.name(), Timestamp.from(clock.instant()), kid, Status.RETIRED.name())
                .update();
        if (changed == 1) {
            record("SIGNING_KEY_RETIRED", admin, kid);
        }
        return find(kid).orElseThrow();
    }

    private void record(String type, Actor admin, String kid) {
        audit.append(new AuditEvent(type, null, admin.name(), admin.kind(), admin.remoteAddress(), null, null, null,
                null, null, null, null, null, Map.of("kid", kid)));
    }

    private Optional<KeyInfo> find(String kid) {
        return jdbc.sql("select kid, algorithm, status, created_at, retired_at from signing_key where kid = ?")
                .param(kid).query(SigningKeys::info).optional();
    }

    private Optional<String> newestActive() {
        return jdbc.sql("select kid from signing_key where status = ? order by created_at desc, kid limit 1")
                .param(Status.ACTIVE.name()).query(String.class).optional();
    }

    private ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .issueTime(Date.from(clock.instant()))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }

    private void insert(ECKey key) {
        jdbc.sql("""
                        insert into signing_key (kid, algorithm, public_jwk, private_jwk_encrypted, status, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(key.getKeyID(), JWSAlgorithm.ES256.getName(), key.toPublicJWK().toJSONString(),
                        encrypt(key.toJSONString(), key.getKeyID()), Status.ACTIVE.name(), Timestamp.from(clock.instant()))
                .update();
    }

    private String encrypt(String plain, String kid) {
        return secrets.seal(PURPOSE, plain, kid);
    }

    private String decrypt(String stored, String kid) {
        return secrets.open(PURPOSE, stored, kid);
    }

    private static ECKey parse(String jwk) {
        try {
            return ECKey.parse(jwk);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is not a valid JWK", e);
        }
    }

    private static KeyInfo info(ResultSet rs, int row) throws SQLException {
        Timestamp retired = rs.getTimestamp("retired_at");
        return new KeyInfo(rs.getString("kid"), rs.getString("algorithm"), Status.valueOf(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(), retired == null ? null : retired.toInstant());
    }
}
