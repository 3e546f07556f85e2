package io.countersign.engine.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The durable record of how far the engine log was compacted: {@code zeebe-log.compacted} holds the position the log
 * was last compacted below, written (under a temporary name, forced, renamed, directory forced) before the first
 * segment is deleted. Without it a start could not tell a log compacted down to its first kept segment from a whole
 * one, and would replay the retained tail onto an empty state when no snapshot covers it: a wrong state, silently.
 */
final class Compaction {

    static final String FILE = "zeebe-log.compacted";

    private final Path directory;
    private long bound;

    Compaction(Path directory) {
        this.directory = directory;
        this.bound = read(directory.resolve(FILE));
    }

    /** The position the log was compacted below, -1 if it never was. */
    synchronized long bound() {
        return bound;
    }

    synchronized void record(long position) {
        if (position <= bound) {
            return;
        }
        Path target = directory.resolve(FILE);
        Path temporary = directory.resolve(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap((position + "\n").getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the compaction bound in " + temporary, e);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the compaction bound in " + target, e);
        }
        FileLogStorage.forceDirectory(directory);
        bound = position;
    }

    private static long read(Path file) {
        if (Files.notExists(file)) {
            return -1;
        }
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("The engine log's compaction record " + file + " cannot be read; the "
                    + "engine will not start, because it could not tell which snapshots the log still covers. "
                    + "Restore the data directory from a backup (see docs/architecture.md, Recovery).", e);
        }
    }
}
