package io.countersign.engine.embedded;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.CRC32;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zeebe's log on local disk: one append-only file of framed blocks, each forced to disk before it is committed.
 *
 * <p>Frame: {@code length:int, lowestPosition:long, highestPosition:long, crc32:int, block:byte[length]}, big
 * endian; the CRC covers the first three header fields and the block. Appends only queue the frame; one flusher
 * thread writes everything queued, forces once for the whole group, and only then commits it (index, append
 * listeners, commit listeners). Readers see committed blocks only, so the engine never acts on a record a crash
 * could take back.
 *
 * <p>After an I/O error the storage stops committing (fail-stop): the engine stalls instead of acting on records
 * that may not be on disk, and the next start recovers from what is.
 */
final class FileLogStorage implements LogStorage, AutoCloseable {

    static final String LOG_FILE = "zeebe.log";
    static final int HEADER_LENGTH = 24;
    /** Far above Zeebe's 4 MiB fragment limit; a larger length can only be garbage. */
    static final int MAX_BLOCK_LENGTH = 64 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FileLogStorage.class);
    private static final PendingBlock CLOSE = new PendingBlock(null, 0, 0, null);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** Reads use their own channel: an interrupted reader closes the channel it reads from, never the writer's. */
    private volatile FileChannel readChannel;
    private final BlockIndex index;
    private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();
    private final BlockingQueue<PendingBlock> queue = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private final FlushObserver observer;
    private long endOfLog;
    private volatile long committedPosition = -1;
    private volatile boolean closed;

    private FileLogStorage(Path file, FileChannel channel, FileLock lock, Recovery recovered, FlushObserver observer) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.index = recovered.index();
        this.endOfLog = recovered.endOfLog();
        this.observer = observer;
        this.readChannel = openForReading(file);
        this.flusher = Thread.ofPlatform().name("countersign-log-flusher").daemon().unstarted(this::flushLoop);
    }

    /** Opens (or creates) the log in {@code directory}, recovering from a crash mid-write. */
    static FileLogStorage open(Path directory) {
        return open(directory, FlushObserver.NONE);
    }

    static FileLogStorage open(Path directory, FlushObserver observer) {
        Path file = directory.resolve(LOG_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            boolean created = Files.notExists(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("The engine log " + file + " is in use by another process");
            }
            if (created) {
                forceDirectory(directory);
            }
            Recovery recovered = Recovery.scan(file, channel);
            FileLogStorage storage = new FileLogStorage(file, channel, lock, recovered, observer);
            storage.committedPosition = lastHighestPosition(channel, recovered.index());
            storage.flusher.start();
            LOG.info("Opened engine log {} with {} blocks ({} bytes)", file, recovered.index().size(), recovered.endOfLog());
            return storage;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot open the engine log " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static long lastHighestPosition(FileChannel channel, BlockIndex index) throws IOException {
        if (index.size() == 0) {
            return -1;
        }
        ByteBuffer highest = ByteBuffer.allocate(Long.BYTES);
        long at = index.fileOffset(index.size() - 1) + 12;
        while (highest.hasRemaining()) {
            if (channel.read(highest, at + highest.position()) < 0) {
                throw new IOException("The engine log ends inside its last frame header");
            }
        }
        return highest.getLong(0);
    }

    /** The highest record position forced to disk and visible to readers; -1 before the first append. */
    long committedPosition() {
        return committedPosition;
    }

    @Override
    public LogStorageReader newReader() {
        return new Reader();
    }

    @Override
    public void append(long lowestPosition, long highestPosition, BufferWriter block, AppendListener listener) {
        if (closed) {
            // The engine stops its writers before the storage closes; a late append is dropped uncommitted.
            LOG.warn("Dropped an append at position {} after the engine log was closed", lowestPosition);
            return;
        }
        int length = block.getLength();
        ByteBuffer frame = ByteBuffer.allocate(HEADER_LENGTH + length);
        block.write(new UnsafeBuffer(frame), HEADER_LENGTH);
        frame.putInt(0, length).putLong(4, lowestPosition).putLong(12, highestPosition);
        frame.putInt(20, crc(frame, length));
        queue.add(new PendingBlock(frame, lowestPosition, highestPosition, listener));
    }

    @Override
    public void addCommitListener(CommitListener listener) {
        commitListeners.add(listener);
    }

    @Override
    public void removeCommitListener(CommitListener listener) {
        commitListeners.remove(listener);
    }

    /** Commits everything appended so far, then releases the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(CLOSE);
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing the lock on {} failed", file, e);
        }
        closeQuietly(channel);
        closeQuietly(readChannel);
    }

    static int crc(ByteBuffer frame, int length) {
        CRC32 crc = new CRC32();
        crc.update(frame.array(), frame.arrayOffset(), 20);
        crc.update(frame.array(), frame.arrayOffset() + HEADER_LENGTH, length);
        return (int) crc.getValue();
    }

    private void flushLoop() {
        List<PendingBlock> group = new ArrayList<>();
        boolean running = true;
        while (running) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() ends the flusher; an interrupt must not leave appends uncommitted.
                continue;
            }
            queue.drainTo(group);
            running = group.getLast() != CLOSE;
            group.removeIf(pending -> pending == CLOSE);
            if (!group.isEmpty() && !flush(group)) {
                return;
            }
            group.clear();
        }
    }

    private boolean flush(List<PendingBlock> group) {
        long groupStart = endOfLog;
        try {
            ByteBuffer[] frames = group.stream().map(PendingBlock::frame).toArray(ByteBuffer[]::new);
            long remaining = 0;
            for (ByteBuffer frame : frames) {
                remaining += frame.remaining();
            }
            channel.position(groupStart);
            while (remaining > 0) {
                remaining -= channel.write(frames);
            }
            channel.force(false);
        } catch (IOException e) {
            LOG.error("Writing to the engine log {} failed; nothing more will be committed until a restart", file, e);
            return false;
        }
        observer.forced(group.size());
        long offset = groupStart;
        int firstBlock = index.size();
        for (PendingBlock pending : group) {
            int frameLength = pending.frame().capacity();
            index.add(pending.lowestPosition(), offset, frameLength);
            offset += frameLength;
        }
        endOfLog = offset;
        committedPosition = group.getLast().highestPosition();
        for (int i = 0; i < group.size(); i++) {
            notifyCommitted(group.get(i), firstBlock + i + 1);
        }
        commitListeners.forEach(FileLogStorage::notifyCommitListener);
        return true;
    }

    private static void notifyCommitted(PendingBlock pending, long blockNumber) {
        try {
            pending.listener().onWrite(blockNumber, pending.highestPosition());
            pending.listener().onCommit(blockNumber, pending.highestPosition());
        } catch (RuntimeException e) {
            LOG.warn("An append listener failed", e);
        }
    }

    private static void notifyCommitListener(CommitListener listener) {
        try {
            listener.onCommit();
        } catch (RuntimeException e) {
            LOG.warn("A commit listener failed", e);
        }
    }

    private void read(ByteBuffer into, long at) throws IOException {
        try {
            while (into.hasRemaining()) {
                if (readChannel.read(into, at + into.position()) < 0) {
                    throw new IOException("Unexpected end of the engine log " + file);
                }
            }
        } catch (ClosedByInterruptException e) {
            if (!closed) {
                readChannel = openForReading(file);
            }
            throw e;
        }
    }

    private static FileChannel openForReading(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the engine log " + file, e);
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {}; the file system may not support it", directory, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing the engine log failed", e);
        }
    }

    /** Called on the flusher after a group is on disk and before it is committed: group sizes, test hooks. */
    interface FlushObserver {
        FlushObserver NONE = blocks -> { };

        void forced(int blocks);
    }

    private record PendingBlock(ByteBuffer frame, long lowestPosition, long highestPosition, AppendListener listener) {
    }

    private final class Reader implements LogStorageReader {

        private int nextBlock;

        @Override
        public void seek(long position) {
            nextBlock = index.blockBefore(position);
        }

        @Override
        public boolean hasNext() {
            return nextBlock < index.size();
        }

        @Override
        public DirectBuffer next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int block = nextBlock++;
            ByteBuffer bytes = ByteBuffer.allocate(index.frameLength(block) - HEADER_LENGTH);
            try {
                read(bytes, index.fileOffset(block) + HEADER_LENGTH);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new UnsafeBuffer(bytes.flip());
        }

        @Override
        public void close() {
            // Readers hold no resources of their own; the channel belongs to the storage.
        }
    }
}
