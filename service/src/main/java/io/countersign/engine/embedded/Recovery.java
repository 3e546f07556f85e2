package io.countersign.engine.embedded;

import static io.countersign.engine.embedded.FileLogStorage.HEADER_LENGTH;
import static io.countersign.engine.embedded.FileLogStorage.MAX_BLOCK_LENGTH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the block index of one log segment, cuts off a torn tail of the last one, and refuses a log damaged
 * anywhere else.
 *
 * <p>Only the last group, whose force never completed, can be damaged by a crash, and none of its blocks was
 * committed; after it there is nothing. So a bad frame with no intact frame after it is a torn tail: cutting it
 * loses nothing the engine acted on, and the cut bytes are kept next to the log in case the disk was at fault. A bad
 * frame followed by an intact one is different: what follows was forced and acknowledged, so the damage hit data
 * the engine already acted on (a disk fault, a stray write). Cutting there would silently drop acknowledged
 * records, so the log is refused with the file and offset, and the engine does not start. The same holds for any
 * damage in a segment before the last: the flusher only starts a new segment once the previous one is forced whole.
 *
 * @param highestPosition the highest position in the segment, or the one passed in if it is empty
 */
record Recovery(BlockIndex index, long endOfLog, long highestPosition) {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    /** Bytes searched per read for an intact frame after a bad one. */
    private static final int SCAN_WINDOW = 1 << 20;

    /**
     * Scans the segment in {@code file} whose blocks must continue after {@code previousHighest}; only the
     * {@code last} segment may end in a torn tail.
     */
    static Recovery scan(Path file, FileChannel channel, long previousHighest, boolean last) throws IOException {
        BlockIndex index = new BlockIndex();
        long size = channel.size();
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        while (offset + HEADER_LENGTH <= size) {
            readFully(channel, header.clear(), offset);
            if (!intact(channel, header, 0, offset, size, previousHighest)) {
                break;
            }
            int length = header.getInt(0);
            index.add(header.getLong(4), offset, HEADER_LENGTH + length);
            previousHighest = header.getLong(12);
            offset += HEADER_LENGTH + length;
        }
        if (offset < size && !last) {
            throw new EngineLogDamaged(file, offset, "a later segment follows it, so this is not a write cut short by "
                    + "a crash");
        }
        if (offset < size) {
            long next = nextIntactFrame(channel, offset, size, previousHighest);
            if (next >= 0) {
                throw new EngineLogDamaged(file, offset, next);
            }
            cutTail(file, channel, offset, size);
        }
        return new Recovery(index, offset, previousHighest);
    }

    /**
     * Whether the frame whose header sits at {@code at} in {@code headers} (read from file offset {@code offset})
     * is plausible and passes its CRC.
     */
    private static boolean intact(FileChannel channel, ByteBuffer headers, int at, long offset, long size,
            long previousHighest) throws IOException {
        int length = headers.getInt(at);
        long lowest = headers.getLong(at + 4);
        long highest = headers.getLong(at + 12);
        boolean plausible = length > 0 && length <= MAX_BLOCK_LENGTH && offset + HEADER_LENGTH + length <= size
                && lowest > previousHighest && highest >= lowest;
        if (!plausible) {
            return false;
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER_LENGTH + length);
        frame.put(headers.array(), headers.arrayOffset() + at, HEADER_LENGTH);
        readFully(channel, frame, offset + HEADER_LENGTH);
        return FileLogStorage.crc(frame, length) == headers.getInt(at + 20);
    }

    /**
     * The offset of the first intact frame after the bad one at {@code bad}, at any byte offset (the damage may have
     * changed a length), or -1. Its positions must continue the intact prefix, so stray bytes rarely qualify.
     */
    private static long nextIntactFrame(FileChannel channel, long bad, long size, long previousHighest)
            throws IOException {
        ByteBuffer window = ByteBuffer.allocate(SCAN_WINDOW + HEADER_LENGTH);
        for (long start = bad + 1; start + HEADER_LENGTH <= size; start += SCAN_WINDOW) {
            window.clear().limit((int) Math.min(window.capacity(), size - start));
            readFully(channel, window, start);
            for (int at = 0; at < SCAN_WINDOW && at + HEADER_LENGTH <= window.limit(); at++) {
                if (intact(channel, window, at, start + at, size, previousHighest)) {
                    return start + at;
                }
            }
        }
        return -1;
    }

    private static void cutTail(Path file, FileChannel channel, long validEnd, long size) throws IOException {
        Path kept = file.resolveSibling(file.getFileName() + ".tail-" + System.currentTimeMillis());
        try (FileChannel out = FileChannel.open(kept, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long copied = 0;
            while (copied < size - validEnd) {
                copied += channel.transferTo(validEnd + copied, size - validEnd - copied, out);
            }
        }
        channel.truncate(validEnd);
        channel.force(true);
        LOG.warn("Engine log {} ended in {} bytes that are not an intact frame and have no intact frame after them "
                + "(a write cut short by a crash); cut them off and kept them in {}", file, size - validEnd, kept);
    }

    /** Fills {@code into} from its current position with the bytes starting at file offset {@code at}. */
    private static void readFully(FileChannel channel, ByteBuffer into, long at) throws IOException {
        int start = into.position();
        while (into.hasRemaining()) {
            if (channel.read(into, at + into.position() - start) < 0) {
                throw new IOException("Unexpected end of file");
            }
        }
    }

    /** The log is damaged before data that was acknowledged; starting on it would silently lose that data. */
    static final class EngineLogDamaged extends IllegalStateException {

        private final long offset;

        EngineLogDamaged(Path file, long offset, long nextIntact) {
            this(file, offset, "an intact frame follows at byte offset " + nextIntact + ", so this is not a write "
                    + "cut short by a crash");
        }

        EngineLogDamaged(Path file, long offset, String why) {
            super("The engine log " + file + " is damaged at byte offset " + offset + ": the frame there is not "
                    + "intact, but " + why + ". The engine will not start, because cutting the log there would drop "
                    + "records it already acted on. Stop, copy the data directory for inspection, and restore it "
                    + "from a backup (see docs/architecture.md, Recovery).");
            this.offset = offset;
        }

        long offset() {
            return offset;
        }
    }
}
