package io.countersign.engine.embedded;

import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The engine's working state, in Zeebe's own RocksDB store rather than the process test engine's in-memory one.
 *
 * <p>The in-memory store copies the whole database for every prefix scan, so each command costs time in
 * proportion to everything still running: at 8,000 waiting instances it managed about 13 commands per second.
 * RocksDB keeps that cost flat. The state is only a cache of the log: it is wiped on every start and rebuilt by
 * replay, so it never has to be consistent with the log after a crash.
 */
final class EngineState {

    /** Zeebe's default is 512 MiB per partition, sized for a broker; the embedded engine shares the app's host. */
    private static final long MEMORY_LIMIT = 64L * 1024 * 1024;

    private EngineState() {
    }

    static ZeebeDb<ZbColumnFamilies> fresh(Path directory) {
        deleteRecursively(directory);
        return open(directory);
    }

    /** Opens the state in {@code directory} as it is: empty, or restored from a snapshot. */
    static ZeebeDb<ZbColumnFamilies> open(Path directory) {
        ZeebeRocksDbFactory<ZbColumnFamilies> factory = new ZeebeRocksDbFactory<>(
                new RocksDbConfiguration().setMemoryLimit(MEMORY_LIMIT),
                new ConsistencyChecksSettings(false, false),
                new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, 1),
                SimpleMeterRegistry::new);
        return factory.createDb(directory.toFile());
    }

    static void deleteRecursively(Path directory) {
        if (Files.notExists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the engine state in " + directory, e);
        }
    }
}
