package io.countersign.engine.embedded;

import static io.countersign.engine.embedded.FileLogStorage.HEADER_LENGTH;
import static io.countersign.engine.embedded.FileLogStorage.MAX_BLOCK_LENGTH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the block index from the log file and cuts off whatever follows the last intact frame.
 *
 * <p>Only a group that was never forced can be damaged by a crash, and none of its blocks was committed, so
 * cutting at the first bad frame loses nothing the engine acted on. The cut bytes are kept next to the log, so an
 * operator can still look at them if the damage came from the disk rather than from a crash.
 */
record Recovery(BlockIndex index, long endOfLog) {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    static Recovery scan(Path file, FileChannel channel) throws IOException {
        BlockIndex index = new BlockIndex();
        long size = channel.size();
        long offset = 0;
        long previousHighest = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        while (offset + HEADER_LENGTH <= size) {
            readFully(channel, header.clear(), offset);
            int length = header.getInt(0);
            long lowest = header.getLong(4);
            long highest = header.getLong(12);
            boolean plausible = length > 0 && length <= MAX_BLOCK_LENGTH && offset + HEADER_LENGTH + length <= size
                    && lowest > previousHighest && highest >= lowest;
            if (!plausible || !crcMatches(channel, header, offset, length)) {
                break;
            }
            index.add(lowest, offset, HEADER_LENGTH + length);
            previousHighest = highest;
            offset += HEADER_LENGTH + length;
        }
        if (offset < size) {
            cutTail(file, channel, offset, size);
        }
        return new Recovery(index, offset);
    }

    private static boolean crcMatches(FileChannel channel, ByteBuffer header, long offset, int length)
            throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_LENGTH + length);
        frame.put(header.array());
        readFully(channel, frame, offset + HEADER_LENGTH);
        return FileLogStorage.crc(frame, length) == header.getInt(20);
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
        LOG.warn("Engine log {} ended in {} bytes that are not an intact frame (a write cut short by a crash, or disk "
                + "damage); cut them off and kept them in {}", file, size - validEnd, kept);
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
}
