package io.countersign.engine.embedded;

import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the engine's RocksDB state, so a start replays only the log after the newest one.
 *
 * <p>As in Zeebe's broker, a snapshot is a RocksDB checkpoint of the state taken between two processing steps
 * ({@link ZeebeDb#createSnapshot}); the last processed position is stored inside the state itself, so the stream
 * processor opened on a copy of it replays from there. A snapshot is valid only once every record the processor had
 * written when it was taken is on disk in the log (else a crash could leave the state ahead of the log), and only with
 * its checksum file, written last: each file's CRC-32C in the SFV format Zeebe's snapshot store uses. It lives in
 * {@code <data-dir>/snapshots/<processed position>}, written under a temporary name and renamed into place. On start the
 * newest snapshot whose checksums match is copied into the working state; one that does not match is set aside as
 * {@code invalid-<name>} and the one before it is tried, down to replaying the whole log. Once the log has been
 * compacted, only a snapshot at or above the compaction bound can be brought up to date: with none, the engine does
 * not start (see {@link #restoreNewest}).
 */
final class EngineSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSnapshots.class);
    static final String DIR = "snapshots";
    static final String CHECKSUMS = "CHECKSUM.sfv";
    private static final String TEMPORARY = "tmp-";
    private static final String INVALID = "invalid-";

    private final Path directory;
    private final int keep;

    EngineSnapshots(Path dataDir, int keep) {
        this.directory = dataDir.resolve(DIR);
        this.keep = keep;
    }

    /**
     * Copies the newest valid snapshot not beyond {@code logEnd} and not below {@code compactedBelow} into
     * {@code stateDir} (emptied first) and answers its processed position; empty (and {@code stateDir} empty) when
     * there is none and the log was never compacted ({@code compactedBelow < 0}), so the whole log is replayed. With
     * none and a compacted log it throws: replaying what is left of the log onto an empty state would build a wrong
     * state, so the engine stops visibly instead.
     */
    Optional<Long> restoreNewest(Path stateDir, long logEnd, long compactedBelow) {
        EngineState.deleteRecursively(stateDir);
        deleteUnsealed();
        for (Path snapshot : valid().reversed()) {
            if (positionOf(snapshot) > logEnd) {
                // The state would be ahead of its log (a log restored from an older backup): never use it.
                LOG.warn("Engine snapshot {} is beyond the end of the log (position {}); skipping it", snapshot, logEnd);
                continue;
            }
            if (positionOf(snapshot) < compactedBelow) {
                LOG.warn("Engine snapshot {} is older than the log, which was compacted below position {}; skipping it",
                        snapshot, compactedBelow);
                continue;
            }
            if (verify(snapshot)) {
                copy(snapshot, stateDir);
                long position = positionOf(snapshot);
                LOG.info("Engine state restored from snapshot {} (processed position {}); replaying the log after it",
                        snapshot.getFileName(), position);
                return Optional.of(position);
            }
            setAside(snapshot);
        }
        if (compactedBelow >= 0) {
            throw new NoUsableSnapshot(directory, compactedBelow);
        }
        return Optional.empty();
    }

    /**
     * Takes a checkpoint of {@code state}, which the caller keeps still (processing paused) meanwhile, named by
     * {@code processedPosition}. It is not yet valid: {@link #seal} makes it so once the log is on disk that far.
     */
    Path checkpoint(ZeebeDb<ZbColumnFamilies> state, long processedPosition) {
        Path temporary = directory.resolve(TEMPORARY + name(processedPosition));
        try {
            Files.createDirectories(directory);
            EngineState.deleteRecursively(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the snapshot directory " + directory, e);
        }
        state.createSnapshot(temporary.toFile());
        return temporary;
    }

    /** Writes the checksums of a checkpoint, renames it into place, and keeps only the newest {@code keep}. */
    void seal(Path temporary) {
        String name = temporary.getFileName().toString().substring(TEMPORARY.length());
        Path target = directory.resolve(name);
        try {
            StringBuilder sfv = new StringBuilder("; CRC-32C of each file of an engine state snapshot\n");
            checksums(temporary).forEach((file, crc) -> sfv.append(file).append(' ')
                    .append(String.format("%08x", crc)).append('\n'));
            Files.writeString(temporary.resolve(CHECKSUMS), sfv, StandardCharsets.US_ASCII);
            forceAll(temporary);
            if (Files.exists(target)) {
                EngineState.deleteRecursively(target);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            FileLogStorage.forceDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot seal the engine snapshot " + temporary, e);
        }
        List<Path> all = valid();
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
            EngineState.deleteRecursively(old);
        }
    }

    /**
     * Forces every file of a checkpoint and the checkpoint directory itself: compaction may delete the log below a
     * sealed snapshot right after, so the snapshot must be on disk before the log it replaces is gone.
     */
    private static void forceAll(Path snapshot) throws IOException {
        try (Stream<Path> files = Files.list(snapshot)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            }
        }
        FileLogStorage.forceDirectory(snapshot);
    }

    /** Positions of the sealed snapshots, oldest first. */
    List<Long> positions() {
        return valid().stream().map(EngineSnapshots::positionOf).toList();
    }

    /** A checkpoint a crash caught before its seal is not a snapshot; it would only keep old state files alive. */
    private void deleteUnsealed() {
        if (Files.notExists(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(p -> p.getFileName().toString().startsWith(TEMPORARY))
                    .forEach(EngineState::deleteRecursively);
        } catch (IOException e) {
            LOG.warn("Cannot list the engine snapshots in {} to delete unsealed checkpoints", directory, e);
        }
    }

    private List<Path> valid() {
        if (Files.notExists(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().matches("\\d{20}"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the engine snapshots in " + directory, e);
        }
    }

    private static boolean verify(Path snapshot) {
        try {
            Path sfv = snapshot.resolve(CHECKSUMS);
            if (Files.notExists(sfv)) {
                LOG.warn("Engine snapshot {} has no checksum file; skipping it", snapshot);
                return false;
            }
            Map<String, Long> expected = new TreeMap<>();
            for (String line : Files.readAllLines(sfv, StandardCharsets.US_ASCII)) {
                if (line.isBlank() || line.startsWith(";")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                expected.put(line.substring(0, space), Long.parseLong(line.substring(space + 1), 16));
            }
            Map<String, Long> actual = checksums(snapshot);
            if (!actual.equals(expected)) {
                LOG.warn("Engine snapshot {} fails its checksums; skipping it for the one before", snapshot);
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Engine snapshot {} cannot be read; skipping it for the one before", snapshot, e);
            return false;
        }
    }

    private static Map<String, Long> checksums(Path snapshot) throws IOException {
        Map<String, Long> sums = new TreeMap<>();
        try (Stream<Path> files = Files.list(snapshot)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.equals(CHECKSUMS)) {
                    sums.put(name, crc(file));
                }
            }
        }
        return sums;
    }

    private static long crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    private static void copy(Path snapshot, Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> list = Files.list(snapshot)) {
                list.filter(Files::isRegularFile).forEach(files::add);
            }
            for (Path file : files) {
                if (!file.getFileName().toString().equals(CHECKSUMS)) {
                    Files.copy(file, stateDir.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the engine snapshot " + snapshot + " into " + stateDir, e);
        }
    }

    private void setAside(Path snapshot) {
        try {
            Files.move(snapshot, directory.resolve(INVALID + snapshot.getFileName() + "-" + System.currentTimeMillis()));
        } catch (IOException e) {
            LOG.warn("Cannot set the invalid engine snapshot {} aside", snapshot, e);
        }
    }

    /** The log was compacted, and no valid snapshot it still covers remains: the engine must not start. */
    static final class NoUsableSnapshot extends IllegalStateException {

        NoUsableSnapshot(Path directory, long compactedBelow) {
            super("The engine log was compacted below position " + compactedBelow + ", and no valid snapshot at or "
                    + "above that position remains in " + directory + ". The engine will not start, because "
                    + "replaying the rest of the log onto an empty state would build a wrong state. Stop, copy the "
                    + "data directory for inspection, and restore it from a backup (see docs/architecture.md, "
                    + "Recovery).");
        }
    }

    private static String name(long position) {
        return String.format("%020d", position);
    }

    private static long positionOf(Path snapshot) {
        return Long.parseLong(snapshot.getFileName().toString());
    }
}
