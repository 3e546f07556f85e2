package io.countersign.engine.embedded;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where the embedded engine serves gRPC, keeps its log and its credential. The gateway admits only calls that carry
 * the credential (see {@code docs/security.md}); it binds to loopback by default all the same, because the engine
 * has no TLS, so exposing it is a deliberate choice.
 *
 * @param host the address the gRPC server binds to
 * @param port the gRPC port the Camunda client connects to
 * @param dataDir the directory of the engine's log; {@code application.properties} puts it under
 *     {@code countersign.data-dir}
 * @param credentialFile the file holding the credential the gateway admits (created, mode 0600, if missing); by
 *     default {@code gateway.credential} in {@code dataDir}. A second instance of the application would point here.
 * @param snapshotInterval snapshot the engine's state this often (if anything happened since); zero: only at a clean
 *     stop and by {@code snapshotRecords}
 * @param snapshotRecords snapshot as soon as this many log positions were processed since the last snapshot
 * @param snapshotsKept how many snapshots to keep (the newest; an older one is the fallback for a damaged one)
 * @param logSegmentSize the size at which the log starts a new segment file; once two snapshots are kept, the
 *     segments wholly below the oldest are deleted, so this is the granularity of compaction
 */
@Validated
@ConfigurationProperties("countersign.engine")
record EmbeddedEngineProperties(
        @DefaultValue("127.0.0.1") @NotBlank String host,
        @DefaultValue("26500") @Min(1) @Max(65535) int port,
        @DefaultValue("./data/engine") Path dataDir,
        Path credentialFile,
        @DefaultValue("PT5M") Duration snapshotInterval,
        @DefaultValue("25000") @Min(1) long snapshotRecords,
        @DefaultValue("2") @Min(1) int snapshotsKept,
        @DefaultValue("64MB") DataSize logSegmentSize) {

    EmbeddedEngineProperties {
        if (logSegmentSize.toBytes() < 1024 * 1024) {
            throw new IllegalArgumentException("countersign.engine.log-segment-size must be at least 1MB, not "
                    + logSegmentSize);
        }
        if (credentialFile == null) {
            credentialFile = dataDir.resolve(EngineCredential.DEFAULT_FILE);
        }
    }

    EmbeddedEngine.SnapshotPolicy snapshotPolicy() {
        return new EmbeddedEngine.SnapshotPolicy(snapshotInterval, snapshotRecords, snapshotsKept,
                logSegmentSize.toBytes());
    }
}
