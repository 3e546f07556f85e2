package io.countersign.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.camunda.zeebe.logstreams.storage.LogStorage.AppendListener;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogStorageTest {

    @TempDir
    Path dir;

    private final List<FileLogStorage> opened = new ArrayList<>();
    private final AtomicLong committedUpTo = new AtomicLong();
    private final AppendListener tracking = new AppendListener() {
        @Override
        public void onCommit(long index, long highestPosition) {
            committedUpTo.accumulateAndGet(highestPosition, Math::max);
        }
    };

    @AfterEach
    void closeAll() {
        opened.forEach(FileLogStorage::close);
    }

    @Test
    void readsBackCommittedBlocksInAppendOrder() {
        FileLogStorage log = open();
        appendBlocks(log, 3);

        awaitCommitted(9);
        assertThat(readAll(log.newReader())).containsExactly("block 1-3", "block 4-6", "block 7-9");
    }

    @Test
    void seeksLikeTheInMemoryStorage() {
        FileLogStorage log = open();
        appendBlocks(log, 3);
        awaitCommitted(9);
        LogStorageReader reader = log.newReader();

        assertThat(firstAfterSeek(reader, -1)).isEqualTo("block 1-3");
        assertThat(firstAfterSeek(reader, 1)).isEqualTo("block 1-3");
        assertThat(firstAfterSeek(reader, 3)).isEqualTo("block 1-3");
        // A block's own lowest position answers the block before it, as the in-memory storage's lowerEntry does.
        assertThat(firstAfterSeek(reader, 4)).isEqualTo("block 1-3");
        assertThat(firstAfterSeek(reader, 5)).isEqualTo("block 4-6");
        assertThat(firstAfterSeek(reader, 9)).isEqualTo("block 7-9");
        assertThat(firstAfterSeek(reader, 1_000)).isEqualTo("block 7-9");
    }

    @Test
    void seekOnAnEmptyLogFindsNothing() {
        LogStorageReader reader = open().newReader();

        reader.seek(42);

        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void keepsEverythingAcrossAReopen() {
        FileLogStorage first = open();
        appendBlocks(first, 2);
        first.close();

        FileLogStorage second = open();
        append(second, 7, 9);
        awaitCommitted(9);

        assertThat(readAll(second.newReader())).containsExactly("block 1-3", "block 4-6", "block 7-9");
    }

    @Test
    void cutsOffATornTailOnOpen() throws IOException {
        FileLogStorage first = open();
        appendBlocks(first, 2);
        first.close();
        long intactLength = Files.size(logFile());
        Files.write(logFile(), new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 7}, StandardOpenOption.APPEND);

        FileLogStorage reopened = open();

        assertThat(readAll(reopened.newReader())).containsExactly("block 1-3", "block 4-6");
        assertThat(Files.size(logFile())).isEqualTo(intactLength);
        assertThat(keptTails()).singleElement().satisfies(tail -> assertThat(Files.size(tail)).isEqualTo(12));
    }

    @Test
    void detectsACorruptBlockByItsChecksum() throws IOException {
        FileLogStorage first = open();
        appendBlocks(first, 3);
        first.close();
        flipLastByte();

        FileLogStorage reopened = open();

        assertThat(readAll(reopened.newReader())).containsExactly("block 1-3", "block 4-6");
        append(reopened, 7, 9);
        awaitCommitted(9);
        assertThat(readAll(reopened.newReader())).containsExactly("block 1-3", "block 4-6", "block 7-9");
    }

    @Test
    void refusesToOpenALogDamagedBeforeAcknowledgedData() throws IOException {
        FileLogStorage first = open();
        appendBlocks(first, 3);
        first.close();
        long secondFrame = frameLength("block 1-3");
        byte[] before = Files.readAllBytes(logFile());
        overwrite(secondFrame + FileLogStorage.HEADER_LENGTH + 2, "garbage".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(this::open)
                .isInstanceOf(Recovery.EngineLogDamaged.class)
                .hasMessageContaining(logFile().toString())
                .hasMessageContaining("byte offset " + secondFrame + ":")
                .hasMessageContaining("intact frame follows at byte offset " + 2 * secondFrame);
        assertThat(Files.size(logFile())).isEqualTo(before.length);
        assertThat(keptTails()).isEmpty();
    }

    @Test
    void refusesToOpenALogWhoseDamagedLengthHidesTheFramesAfterIt() throws IOException {
        FileLogStorage first = open();
        appendBlocks(first, 3);
        first.close();
        overwrite(0, new byte[] {0x7f, 0x7f, 0x7f, 0x7f});

        assertThatThrownBy(this::open)
                .isInstanceOf(Recovery.EngineLogDamaged.class)
                .hasMessageContaining("byte offset 0:");
        assertThat(keptTails()).isEmpty();
    }

    @Test
    void stillCutsAFrameTornHalfwayThroughItsBlock() throws IOException {
        FileLogStorage first = open();
        appendBlocks(first, 3);
        first.close();
        long intactLength = 2 * frameLength("block 1-3");
        try (FileChannel channel = FileChannel.open(logFile(), StandardOpenOption.WRITE)) {
            channel.truncate(intactLength + FileLogStorage.HEADER_LENGTH + 3);
        }

        FileLogStorage reopened = open();

        assertThat(readAll(reopened.newReader())).containsExactly("block 1-3", "block 4-6");
        assertThat(Files.size(logFile())).isEqualTo(intactLength);
        assertThat(keptTails()).singleElement()
                .satisfies(tail -> assertThat(Files.size(tail)).isEqualTo(FileLogStorage.HEADER_LENGTH + 3));
    }

    @Test
    void readersSeeNothingUntilTheGroupIsForcedAndCommitted() throws InterruptedException {
        CountDownLatch forced = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FileLogStorage log = open(blocks -> {
            forced.countDown();
            awaitUninterruptibly(release);
        });
        LogStorageReader reader = log.newReader();

        append(log, 1, 3);
        assertThat(forced.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(reader.hasNext()).isFalse();
        assertThat(committedUpTo).hasValue(0);
        release.countDown();
        awaitCommitted(3);
        assertThat(readAll(reader)).containsExactly("block 1-3");
    }

    @Test
    void notifiesCommitListenersAfterTheBlockIsReadable() {
        FileLogStorage log = open();
        LogStorageReader reader = log.newReader();
        List<Boolean> readableOnCommit = new CopyOnWriteArrayList<>();
        log.addCommitListener(() -> readableOnCommit.add(reader.hasNext()));

        append(log, 1, 3);

        await().atMost(10, TimeUnit.SECONDS).until(() -> !readableOnCommit.isEmpty());
        assertThat(readableOnCommit).containsOnly(true);
    }

    @Test
    void commitsWhatIsPendingWhenClosed() {
        FileLogStorage log = open();
        appendBlocks(log, 50);

        log.close();

        assertThat(committedUpTo).hasValue(150);
        assertThat(readAll(open().newReader())).hasSize(50);
    }

    @Test
    void refusesASecondOpenOfTheSameLog() {
        open();

        assertThatThrownBy(() -> FileLogStorage.open(dir)).isInstanceOf(RuntimeException.class);
    }

    private FileLogStorage open() {
        return open(FileLogStorage.FlushObserver.NONE);
    }

    private FileLogStorage open(FileLogStorage.FlushObserver observer) {
        FileLogStorage log = FileLogStorage.open(dir, observer);
        opened.add(log);
        return log;
    }

    private void appendBlocks(FileLogStorage log, int count) {
        for (int i = 0; i < count; i++) {
            append(log, 3L * i + 1, 3L * i + 3);
        }
    }

    private void append(FileLogStorage log, long lowest, long highest) {
        byte[] bytes = ("block " + lowest + "-" + highest).getBytes(StandardCharsets.UTF_8);
        log.append(lowest, highest, ByteBuffer.wrap(bytes), tracking);
    }

    private void awaitCommitted(long position) {
        await().atMost(10, TimeUnit.SECONDS).untilAtomic(committedUpTo, greaterThanOrEqualTo(position));
    }

    private static List<String> readAll(LogStorageReader reader) {
        List<String> blocks = new ArrayList<>();
        while (reader.hasNext()) {
            blocks.add(text(reader.next()));
        }
        return blocks;
    }

    private static String firstAfterSeek(LogStorageReader reader, long position) {
        reader.seek(position);
        return text(reader.next());
    }

    private static String text(DirectBuffer block) {
        return block.getStringWithoutLengthUtf8(0, block.capacity());
    }

    private Path logFile() {
        return LogSegment.file(dir, 1);
    }

    private List<Path> keptTails() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(logFile().getFileName() + ".tail-")).toList();
        }
    }

    private static long frameLength(String block) {
        return FileLogStorage.HEADER_LENGTH + block.getBytes(StandardCharsets.UTF_8).length;
    }

    private void overwrite(long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(logFile(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private void flipLastByte() throws IOException {
        try (FileChannel channel = FileChannel.open(logFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            last.put(0, (byte) (last.get(0) ^ 0x40));
            channel.write(last.rewind(), channel.size() - 1);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
