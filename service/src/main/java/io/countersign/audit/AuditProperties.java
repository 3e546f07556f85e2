package io.countersign.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sealInterval how often the sealer looks for entries it was not told about (other instances, restarts)
 * @param sealBatchSize how many entries one sealing transaction takes at most
 * @param sealDelay how long the sealer waits after being woken, to gather the appends committing meanwhile
 */
@ConfigurationProperties("countersign.audit")
record AuditProperties(@DefaultValue("1s") Duration sealInterval, @DefaultValue("1000") int sealBatchSize,
        @DefaultValue("5ms") Duration sealDelay) {

    AuditProperties {
        if (sealInterval.isNegative() || sealInterval.isZero()) {
            throw new IllegalArgumentException("countersign.audit.seal-interval must be positive");
        }
        if (sealDelay.isNegative() || sealDelay.compareTo(sealInterval) > 0) {
            throw new IllegalArgumentException("countersign.audit.seal-delay must be between 0 and seal-interval");
        }
        if (sealBatchSize < 1) {
            throw new IllegalArgumentException("countersign.audit.seal-batch-size must be at least 1");
        }
    }
}
