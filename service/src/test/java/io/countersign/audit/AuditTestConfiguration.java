package io.countersign.audit;

import io.countersign.security.MasterSecret;
import io.countersign.security.SealedSecrets;
import java.lang.reflect.Constructor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit package's beans, without the rest of the application (and its embedded engine). */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuditProperties.class, CheckpointProperties.class})
@Import({JdbcAuditLog.class, ChainSealer.class, AuditQueries.class, AuditTriggers.class, MerkleStore.class,
        LogKey.class, Checkpoints.class, AuditProblems.class, ChangePopulation.class, AuditMethodSecurity.class})
class AuditTestConfiguration {

    /** A fixed master key for the slice (base64 of 39 bytes), so the log key is sealed as in production. */
    static final String MASTER_KEY = "dGVzdC1tYXN0ZXItc2VjcmV0LW9mLWF0LWxlYXN0LTMyLWJ5dGVz";

    /**
     * The real {@link SealedSecrets} over the real {@link MasterSecret}, built by hand: their constructors and the
     * master secret's settings record are package-private to the security package, and the web slice's type filter
     * keeps component scanning from finding them.
     */
    @Bean
    SecretSealing logKeySealing(Environment environment, JdbcClient jdbc) throws ReflectiveOperationException {
        SealedSecrets sealed = sealedSecrets(environment, jdbc);
        return new SecretSealing() {
            @Override
            public String seal(String purpose, String plain, String boundTo) {
                return sealed.seal(purpose, plain, boundTo);
            }

            @Override
            public String open(String purpose, String stored, String boundTo) {
                return sealed.open(purpose, stored, boundTo);
            }
        };
    }

    private static SealedSecrets sealedSecrets(Environment environment, JdbcClient jdbc)
            throws ReflectiveOperationException {
        Class<?> settingsType = Class.forName(MasterSecret.class.getName() + "$Settings");
        Constructor<?> settings = settingsType.getDeclaredConstructor(String.class);
        settings.setAccessible(true);
        Constructor<MasterSecret> master = MasterSecret.class.getDeclaredConstructor(settingsType, Environment.class,
                JdbcClient.class);
        master.setAccessible(true);
        Constructor<SealedSecrets> sealed = SealedSecrets.class.getDeclaredConstructor(MasterSecret.class);
        sealed.setAccessible(true);
        return sealed.newInstance(master.newInstance(settings.newInstance(MASTER_KEY), environment, jdbc));
    }
}
