package io.countersign.engine.embedded;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
 * Zeebe's log on local disk: append-only segment files of framed blocks (see {@link LogSegment}), each block forced to
 * disk before it is committed, and segments wholly below a position the engine no longer needs deleted on request.
 *
 * <p>Frame: {@code length:int, lowestPosition:long, highestPosition:long, crc32:int, block:byte[length]}, big
 * endian; the CRC covers the first three header fields and the block. Appends only queue the frame; one flusher
 * thread writes everything queued, forces once for the whole group, and only then commits it (index, append
 * listeners, commit listeners). Readers see committed blocks only, so the engine never acts on a record a crash
 * could take back. A group goes whole into one segment; once a segment holds {@code segmentBytes} the next group
 * starts a new one, so the open-time scan and the block index cover only the segments compaction has not deleted.
 *
 * <p>After an I/O error the storage stops committing (fail-stop): the engine stalls instead of acting on records
 * that may not be on disk, and the next start recovers from what is.
 */
final class FileLogStorage implements LogStorage, AutoCloseable {

    static final int HEADER_LENGTH = 24;
    /** Far above Zeebe's 4 MiB fragment limit; a larger length can only be garbage. */
    static final int MAX_BLOCK_LENGTH = 64 * 1024 * 1024;
    static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    static final String LOCK_FILE = "zeebe-log.lock";

    private static final Logger LOG = LoggerFactory.getLogger(FileLogStorage.class);
    private static final PendingBlock CLOSE = new PendingBlock(null, 0, 0, null);

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long segmentBytes;
    private final Compaction compaction;
    /** Oldest first; replaced whole (copy on write) by a roll or a compaction, under {@code this}. */
    private volatile List<LogSegment> segments;
    private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();
    private final BlockingQueue<PendingBlock> queue = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private final FlushObserver observer;
    /** The segment being written and its channel and end; the flusher's alone once it runs. */
    private LogSegment active;
    private FileChannel activeChannel;
    private long endOfActive;
    private long blocksWritten;
    private volatile long committedPosition = -1;
    private volatile boolean closed;

    private FileLogStorage(Path directory, FileChannel lockChannel, FileLock lock, long segmentBytes,
            List<LogSegment> segments, FileChannel activeChannel, long endOfActive, FlushObserver observer) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.segmentBytes = segmentBytes;
        this.compaction = new Compaction(directory);
        this.segments = segments;
        this.active = segments.getLast();
        this.activeChannel = activeChannel;
        this.endOfActive = endOfActive;
        this.blocksWritten = segments.stream().mapToLong(s -> s.index().size()).sum();
        this.observer = observer;
        this.flusher = Thread.ofPlatform().name("countersign-log-flusher").daemon().unstarted(this::flushLoop);
    }

    /** Opens (or creates) the log in {@code directory}, recovering from a crash mid-write. */
    static FileLogStorage open(Path directory) {
        return open(directory, FlushObserver.NONE);
    }

    static FileLogStorage open(Path directory, FlushObserver observer) {
        return open(directory, observer, DEFAULT_SEGMENT_BYTES);
    }

    static FileLogStorage open(Path directory, FlushObserver observer, long segmentBytes) {
        FileChannel lockChannel = null;
        List<FileChannel> opened = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("The engine log in " + directory + " is in use by another process");
            }
            List<Path> files = LogSegment.list(directory);
            if (files.isEmpty()) {
                Files.createFile(LogSegment.file(directory, 1));
                forceDirectory(directory);
                files = LogSegment.list(directory);
            }
            checkContiguous(directory, files);
            List<LogSegment> segments = new ArrayList<>();
            long previousHighest = 0;
            long endOfLast = 0;
            FileChannel last = null;
            long started = System.nanoTime();
            for (Path file : files) {
                boolean isLast = file.equals(files.getLast());
                FileChannel channel = isLast
                        ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                        : FileChannel.open(file, StandardOpenOption.READ);
                opened.add(channel);
                Recovery recovered = Recovery.scan(file, channel, previousHighest, isLast);
                previousHighest = recovered.highestPosition();
                segments.add(new LogSegment(LogSegment.idOf(file), file, recovered.index()));
                if (isLast) {
                    last = channel;
                    endOfLast = recovered.endOfLog();
                } else {
                    channel.close();
                }
            }
            FileLogStorage storage = new FileLogStorage(directory, lockChannel, lock, segmentBytes,
                    List.copyOf(segments), last, endOfLast, observer);
            storage.committedPosition = segments.stream().anyMatch(s -> !s.isEmpty()) ? previousHighest : -1;
            storage.flusher.start();
            LOG.info("Opened engine log {}: {} segments, {} blocks, scanned in {} ms", directory, segments.size(),
                    storage.blocksWritten, (System.nanoTime() - started) / 1_000_000);
            return storage;
        } catch (IOException e) {
            opened.forEach(FileLogStorage::closeQuietly);
            closeQuietly(lockChannel);
            throw new UncheckedIOException("Cannot open the engine log in " + directory, e);
        } catch (RuntimeException e) {
            opened.forEach(FileLogStorage::closeQuietly);
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** A gap between segment ids means a segment in the middle is missing: records the engine acted on are gone. */
    private static void checkContiguous(Path directory, List<Path> files) {
        for (int i = 1; i < files.size(); i++) {
            long previous = LogSegment.idOf(files.get(i - 1));
            long id = LogSegment.idOf(files.get(i));
            if (id != previous + 1) {
                throw new IllegalStateException("The engine log in " + directory + " lacks segment " + (previous + 1)
                        + " between " + files.get(i - 1).getFileName() + " and " + files.get(i).getFileName()
                        + ": records the engine acted on are missing. The engine will not start; restore the data "
                        + "directory from a backup (see docs/architecture.md, Recovery).");
            }
        }
    }

    /** The highest record position forced to disk and visible to readers; -1 before the first append. */
    long committedPosition() {
        return committedPosition;
    }

    /**
     * The position compaction was asked to keep the log from, or -1 if it never deleted anything: the log holds
     * every record after it, not necessarily the ones before, so no state older than it can be brought up to date.
     */
    long compactedBelow() {
        return compaction.bound();
    }

    /** The segments kept, oldest first (for tests, the benchmark and the log line after a compaction). */
    List<Path> segmentFiles() {
        return segments.stream().map(LogSegment::file).toList();
    }

    /**
     * Deletes the segments whose every record is below {@code position}, oldest first, never the one being written:
     * first the bound is recorded durably, then each file is deleted and the directory forced, so a crash at any
     * point leaves a contiguous run of segments that holds every record from {@code position} on. Answers how many
     * segments were deleted.
     */
    synchronized int compact(long position) {
        List<LogSegment> all = segments;
        int deletable = 0;
        while (deletable < all.size() - 1) {
            LogSegment next = all.get(deletable + 1);
            if (next.isEmpty() || next.firstLowestPosition() > position) {
                break;
            }
            deletable++;
        }
        if (deletable == 0) {
            return 0;
        }
        compaction.record(position);
        for (int i = 0; i < deletable; i++) {
            LogSegment segment = all.get(i);
            segments = List.copyOf(all.subList(i + 1, all.size()));
            segment.markDeleted();
            try {
                Files.delete(segment.file());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the compacted engine log segment " + segment.file(), e);
            }
            forceDirectory(directory);
        }
        LOG.info("Compacted the engine log below position {}: deleted {} segments, {} kept", position, deletable,
                segments.size());
        return deletable;
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

    /** Commits everything appended so far, then releases the files. */
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
        closeQuietly(activeChannel);
        segments.forEach(LogSegment::close);
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing the lock on {} failed", directory, e);
        }
        closeQuietly(lockChannel);
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
        try {
            if (endOfActive >= segmentBytes && !active.isEmpty()) {
                roll();
            }
            ByteBuffer[] frames = group.stream().map(PendingBlock::frame).toArray(ByteBuffer[]::new);
            long remaining = 0;
            for (ByteBuffer frame : frames) {
                remaining += frame.remaining();
            }
            activeChannel.position(endOfActive);
            while (remaining > 0) {
                remaining -= activeChannel.write(frames);
            }
            activeChannel.force(false);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("Writing to the engine log {} failed; nothing more will be committed until a restart",
                    active.file(), e);
            return false;
        }
        observer.forced(group.size());
        long offset = endOfActive;
        long firstBlock = blocksWritten;
        for (PendingBlock pending : group) {
            int frameLength = pending.frame().capacity();
            active.index().add(pending.lowestPosition(), offset, frameLength);
            offset += frameLength;
        }
        endOfActive = offset;
        blocksWritten += group.size();
        committedPosition = group.getLast().highestPosition();
        for (int i = 0; i < group.size(); i++) {
            notifyCommitted(group.get(i), firstBlock + i + 1);
        }
        commitListeners.forEach(FileLogStorage::notifyCommitListener);
        return true;
    }

    /**
     * Starts the next segment. The previous one was forced whole by the last group, so only the new, last segment
     * can ever end in a torn tail; its creation is forced into the directory before anything is written to it.
     */
    private void roll() throws IOException {
        Path file = LogSegment.file(directory, Math.max(1, active.id() + 1));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        forceDirectory(directory);
        LogSegment next = new LogSegment(LogSegment.idOf(file), file, new BlockIndex());
        synchronized (this) {
            List<LogSegment> all = new ArrayList<>(segments);
            all.add(next);
            segments = List.copyOf(all);
        }
        closeQuietly(activeChannel);
        active = next;
        activeChannel = channel;
        endOfActive = 0;
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

    static void forceDirectory(Path directory) {
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

    /**
     * Reads blocks in order across segments. A reader left in a segment that compaction deleted continues at the
     * first block kept: those records are below every snapshot the engine can start from.
     */
    private final class Reader implements LogStorageReader {

        private LogSegment segment;
        private int nextBlock;

        @Override
        public void seek(long position) {
            LogSegment chosen = null;
            List<LogSegment> all = segments;
            for (LogSegment candidate : all) {
                if (!candidate.isEmpty() && candidate.firstLowestPosition() < position) {
                    chosen = candidate;
                }
            }
            // The same answer as the in-memory storage of the process test engine: the last block whose lowest
            // position is strictly below {@code position}, or the first block.
            segment = chosen == null ? all.getFirst() : chosen;
            nextBlock = chosen == null ? 0 : chosen.index().blockBefore(position);
        }

        @Override
        public boolean hasNext() {
            settle();
            return nextBlock < segment.index().size();
        }

        @Override
        public DirectBuffer next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LogSegment from = segment;
            int block = nextBlock++;
            ByteBuffer bytes = ByteBuffer.allocate(from.index().frameLength(block) - HEADER_LENGTH);
            try {
                from.read(bytes, from.index().fileOffset(block) + HEADER_LENGTH);
            } catch (IOException e) {
                if (from.deleted()) {
                    segment = null;
                    return next();
                }
                throw new UncheckedIOException(e);
            }
            return new UnsafeBuffer(bytes.flip());
        }

        /** Moves past a deleted segment, and past the end of a segment the flusher has rolled past. */
        private void settle() {
            List<LogSegment> all = segments;
            if (segment == null || segment.deleted()) {
                segment = all.getFirst();
                nextBlock = 0;
            }
            while (nextBlock >= segment.index().size()) {
                LogSegment after = after(all, segment);
                if (after == null) {
                    return;
                }
                segment = after;
                nextBlock = 0;
            }
        }

        private static LogSegment after(List<LogSegment> all, LogSegment segment) {
            for (LogSegment candidate : all) {
                if (candidate.id() > segment.id()) {
                    return candidate;
                }
            }
            return null;
        }

        @Override
        public void close() {
            // Readers hold no resources of their own; the channels belong to the segments.
        }
    }
}
