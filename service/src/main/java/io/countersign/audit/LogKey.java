package io.countersign.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ECDSA P-256 key that signs audit checkpoints. It is not an approval-token key: a leaked token key must not
 * let anyone forge the log's checkpoints, nor the other way round. Kept like those keys (private half sealed by
 * {@link SealedSecrets} under a purpose of its own, bound to the key id), one per origin, generated on first use.
 */
@Component
class LogKey {

    /** The signing half, with the verifier key auditors are given. */
    record Signer(SignedNote.VerifierKey verifier, PrivateKey privateKey) {
    }

    private static final String PURPOSE = "audit-log-signing-key";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SecretSealing secrets;
    private final CheckpointProperties properties;
    private final Clock clock = Clock.systemUTC();
    private volatile Signer signer;

    LogKey(JdbcTemplate jdbc, PlatformTransactionManager transactions, SecretSealing secrets,
            CheckpointProperties properties) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.secrets = secrets;
        this.properties = properties;
    }

    /** The published key: what an auditor keeps to verify checkpoints offline. */
    SignedNote.VerifierKey verifier() {
        return signer().verifier();
    }

    Signer signer() {
        Signer current = signer;
        if (current == null) {
            current = transaction.execute(status -> loadOrCreate());
            signer = current;
        }
        return current;
    }

    private Signer loadOrCreate() {
        // Instances starting together take turns, so that one key per origin is made.
        jdbc.queryForObject("SELECT id FROM audit_chain_lock WHERE id = 1 FOR UPDATE", Integer.class);
        var stored = jdbc.query("SELECT key_id, public_key, private_sealed FROM audit_log_key WHERE key_name = ?"
                        + " ORDER BY created_at DESC LIMIT 1",
                (rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, properties.origin());
        try {
            var factory = KeyFactory.getInstance("EC");
            if (!stored.isEmpty()) {
                String[] row = stored.getFirst();
                var verifier = new SignedNote.VerifierKey(properties.origin(),
                        java.util.HexFormat.of().parseHex(row[0]), Base64.getDecoder().decode(row[1]));
                byte[] pkcs8 = Base64.getDecoder().decode(secrets.open(PURPOSE, row[2], row[0]));
                return new Signer(verifier, factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            }
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            var verifier = SignedNote.VerifierKey.of(properties.origin(), pair.getPublic());
            jdbc.update("INSERT INTO audit_log_key (key_id, key_name, public_key, private_sealed, created_at)"
                            + " VALUES (?, ?, ?, ?, ?)", verifier.keyIdHex(), verifier.name(),
                    Base64.getEncoder().encodeToString(verifier.spki()),
                    secrets.seal(PURPOSE, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                            verifier.keyIdHex()),
                    Timestamp.from(clock.instant()));
            return new Signer(verifier, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or make the audit log's P-256 key", e);
        }
    }
}
