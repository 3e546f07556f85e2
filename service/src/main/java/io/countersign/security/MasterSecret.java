package io.countersign.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one secret the application's other secrets are derived from, such as the key that encrypts the
 * approval-token signing keys at rest. Outside the embedded default it must come from the environment
 * ({@code COUNTERSIGN_SECRETS_MASTERKEY}, base64, at least 32 bytes), so a copy of the database alone cannot sign
 * approvals. The embedded default generates one and keeps it in its own database, which is fine for a laptop.
 */
@Component
public class MasterSecret implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(MasterSecret.class);
    private static final Set<String> DEMO_PROFILES = Set.of("demo");
    private static final String GENERATED = "master-secret";
    private static final int MIN_BYTES = 32;

    @ConfigurationProperties("countersign.secrets")
    record Settings(String masterKey) {
    }

    private final Settings settings;
    private final Environment environment;
    private final JdbcClient jdbc;
    private volatile byte[] master;

    MasterSecret(Settings settings, Environment environment, JdbcClient jdbc) {
        this.settings = settings;
        this.environment = environment;
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        master();
    }

    /** A 32-byte key for one purpose; the same purpose always gives the same key, different purposes unrelated ones. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the JVM specification", e);
        }
    }

    private byte[] master() {
        byte[] key = master;
        if (key == null) {
            synchronized (this) {
                if (master == null) {
                    master = load();
                }
                key = master;
            }
        }
        return key;
    }

    private byte[] load() {
        if (settings.masterKey() != null && !settings.masterKey().isBlank()) {
            byte[] key = Base64.getDecoder().decode(settings.masterKey().strip());
            if (key.length < MIN_BYTES) {
                throw new IllegalStateException("countersign.secrets.master-key must be at least " + MIN_BYTES
                        + " bytes (base64-encoded)");
            }
            return key;
        }
        boolean embeddedDefault = Arrays.stream(environment.getActiveProfiles()).allMatch(DEMO_PROFILES::contains);
        if (!embeddedDefault) {
            throw new IllegalStateException("Set COUNTERSIGN_SECRETS_MASTERKEY (base64, at least 32 random bytes, e.g. "
                    + "'openssl rand -base64 32'): outside the embedded default, secrets come only from the environment");
        }
        return generatedInDatabase();
    }

    private byte[] generatedInDatabase() {
        byte[] fresh = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(fresh);
        jdbc.sql("""
                        insert into app_secret (name, secret, created_at)
                        select ?, ?, ? where not exists (select 1 from app_secret where name = ?)""")
                .params(GENERATED, Base64.getEncoder().encodeToString(fresh), Timestamp.from(Instant.now()), GENERATED)
                .update();
        log.warn("Using a master secret generated into the embedded database; set COUNTERSIGN_SECRETS_MASTERKEY "
                + "for anything but a demo");
        return Base64.getDecoder().decode(jdbc.sql("select secret from app_secret where name = ?")
                .param(GENERATED).query(String.class).single());
    }
}
