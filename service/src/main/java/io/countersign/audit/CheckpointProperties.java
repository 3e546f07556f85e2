package io.countersign.audit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When and where checkpoints of the audit tree are published.
 *
 * @param origin the log's name in every checkpoint and its key name: a schema-less URL unique to this deployment
 * @param everyEntries a checkpoint once the tree has grown by this many entries since the last one
 * @param every a checkpoint at least this often while the tree grows at all
 * @param sinkDirectory where each checkpoint is also written, as a file (a volume the database owner cannot reach)
 * @param witnessUrl where each checkpoint is also POSTed as text/plain (a witness or any receiver the auditor runs)
 */
@ConfigurationProperties("countersign.audit.checkpoint")
record CheckpointProperties(@DefaultValue("countersign.local/audit") String origin,
        @DefaultValue("1000") int everyEntries, @DefaultValue("PT1M") Duration every, Path sinkDirectory,
        URI witnessUrl) {

    CheckpointProperties {
        if (origin == null || !origin.matches("[^\\s+]+")) {
            throw new IllegalArgumentException("countersign.audit.checkpoint.origin must be non-empty, without spaces"
                    + " or '+' (e.g. audit.example.com/countersign)");
        }
        if (everyEntries < 1) {
            throw new IllegalArgumentException("countersign.audit.checkpoint.every-entries must be at least 1");
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("countersign.audit.checkpoint.every must be positive");
        }
        if (witnessUrl != null && !("http".equals(witnessUrl.getScheme()) || "https".equals(witnessUrl.getScheme()))) {
            throw new IllegalArgumentException("countersign.audit.checkpoint.witness-url must be an http(s) URL");
        }
    }
}
