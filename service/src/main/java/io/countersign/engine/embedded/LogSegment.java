package io.countersign.engine.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One file of the engine log: {@code zeebe-<id>.log}, ids counting up from 1 with no gap, the last one being written.
 * A data directory from before the log was segmented has one file, {@code zeebe.log}; it is read as segment 0, the
 * next segment is 1, and compaction deletes it like any other segment, so no migration step is needed.
 *
 * <p>The flusher appends to the last segment only; a segment it has rolled past never changes again until compaction
 * deletes it. Reads use their own channel: an interrupted reader closes the channel it reads from, never the writer's.
 */
final class LogSegment {

    static final String LEGACY_FILE = "zeebe.log";
    private static final Pattern NAME = Pattern.compile("zeebe-(\\d{20})\\.log");

    private final long id;
    private final Path file;
    private final BlockIndex index;
    private volatile FileChannel readChannel;
    private volatile boolean deleted;

    LogSegment(long id, Path file, BlockIndex index) {
        this.id = id;
        this.file = file;
        this.index = index;
        this.readChannel = openForReading(file);
    }

    static Path file(Path directory, long id) {
        return directory.resolve(id == 0 ? LEGACY_FILE : String.format("zeebe-%020d.log", id));
    }

    /** The segment files in {@code directory}, by id; the legacy single file first. */
    static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> idOf(f) >= 0).sorted(Comparator.comparingLong(LogSegment::idOf)).toList();
        }
    }

    static long idOf(Path file) {
        String name = file.getFileName().toString();
        if (name.equals(LEGACY_FILE)) {
            return 0;
        }
        Matcher matcher = NAME.matcher(name);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    long id() {
        return id;
    }

    Path file() {
        return file;
    }

    BlockIndex index() {
        return index;
    }

    boolean isEmpty() {
        return index.size() == 0;
    }

    /** The lowest position of the first block; only for a segment that is not empty. */
    long firstLowestPosition() {
        return index.lowestPosition(0);
    }

    boolean deleted() {
        return deleted;
    }

    void read(ByteBuffer into, long at) throws IOException {
        try {
            while (into.hasRemaining()) {
                if (readChannel.read(into, at + into.position()) < 0) {
                    throw new IOException("Unexpected end of the engine log segment " + file);
                }
            }
        } catch (ClosedByInterruptException e) {
            if (!deleted) {
                readChannel = openForReading(file);
            }
            throw e;
        }
    }

    /** Marks the segment deleted (readers move on to the first retained one) and closes its channel. */
    void markDeleted() {
        deleted = true;
        close();
    }

    void close() {
        try {
            readChannel.close();
        } catch (IOException e) {
            // Nothing was written through this channel; there is nothing to lose.
        }
    }

    private static FileChannel openForReading(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the engine log segment " + file, e);
        }
    }
}
