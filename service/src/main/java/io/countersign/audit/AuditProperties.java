package io.countersign.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sealInterval how often the sealer looks for entries it was not told about (other instances, restarts)
 * @param sealBatchSize how many entries one sealing transaction takes at most
 */
@ConfigurationProperties("countersign.audit")
record AuditProperties(@DefaultValue("1s") Duration sealInterval, @DefaultValue("1000") int sealBatchSize) {

    AuditProperties {
        if (sealInterval.isNegative() || sealInterval.isZero()) {
            throw new IllegalArgumentException("countersign.audit.seal-interval must be positive");
        }
        if (sealBatchSize < 1) {
            throw new IllegalArgumentException("countersign.audit.seal-batch-size must be at least 1");
        }
    }
}
