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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log in segments: rolled when full, read across, compacted below a position, and the old single file read. */
class LogCompactionTest {

    /** Smaller than one frame: every group of appends goes into a segment of its own. */
    private static final long TINY_SEGMENTS = 16;

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
    void aFullSegmentIsFollowedByANewOneAndReadersReadAcrossThemInOrder() {
        FileLogStorage log = open();
        appendOneByOne(log, 1, 5);

        assertThat(log.segmentFiles()).hasSize(5);
        assertThat(readAll(log.newReader())).containsExactly("block 1-3", "block 4-6", "block 7-9", "block 10-12",
                "block 13-15");
        LogStorageReader reader = log.newReader();
        reader.seek(8);
        assertThat(text(reader)).as("the last block whose lowest position is below 8").isEqualTo("block 7-9");
        assertThat(text(reader)).isEqualTo("block 10-12");
        log.close();

        assertThat(readAll(open().newReader())).hasSize(5);
    }

    @Test
    void compactionDeletesOnlySegmentsWhollyBelowThePositionAndTheRestSurvivesAReopen() {
        FileLogStorage log = open();
        appendOneByOne(log, 1, 6);

        assertThat(log.compact(8)).as("blocks 1-3 and 4-6 are wholly below 8; 7-9 holds it").isEqualTo(2);

        assertThat(log.segmentFiles()).hasSize(4).first().isEqualTo(LogSegment.file(dir, 3));
        assertThat(Files.exists(LogSegment.file(dir, 1))).isFalse();
        assertThat(readAll(log.newReader())).first().isEqualTo("block 7-9");
        assertThat(log.compactedBelow()).isEqualTo(8);
        log.close();

        FileLogStorage reopened = open();
        assertThat(reopened.compactedBelow()).as("the bound is on disk").isEqualTo(8);
        assertThat(readAll(reopened.newReader())).containsExactly("block 7-9", "block 10-12", "block 13-15",
                "block 16-18");
        appendOneByOne(reopened, 7, 1);
        assertThat(reopened.segmentFiles().getLast()).isEqualTo(LogSegment.file(dir, 7));
    }

    @Test
    void neitherTheSegmentBeingWrittenNorOneHoldingThePositionIsDeleted() {
        FileLogStorage log = open();
        appendOneByOne(log, 1, 3);

        assertThat(log.compact(1)).isZero();
        assertThat(log.compact(Long.MAX_VALUE)).as("all but the segment being written").isEqualTo(2);
        assertThat(readAll(log.newReader())).containsExactly("block 7-9");
    }

    @Test
    void aReaderLeftInADeletedSegmentGoesOnAtTheFirstBlockKept() {
        FileLogStorage log = open();
        appendOneByOne(log, 1, 4);
        LogStorageReader reader = log.newReader();
        reader.seek(1);

        log.compact(7);

        assertThat(text(reader)).isEqualTo("block 7-9");
        assertThat(text(reader)).isEqualTo("block 10-12");
    }

    @Test
    void aDataDirectoryFromBeforeSegmentsOpensAndItsOneFileIsCompactedAway() throws IOException {
        FileLogStorage old = open();
        appendOneByOne(old, 1, 1);
        old.close();
        opened.remove(old);
        Files.move(LogSegment.file(dir, 1), dir.resolve(LogSegment.LEGACY_FILE));

        FileLogStorage log = open();
        assertThat(log.segmentFiles()).containsExactly(dir.resolve(LogSegment.LEGACY_FILE));
        appendOneByOne(log, 2, 2);
        assertThat(log.segmentFiles()).containsExactly(dir.resolve(LogSegment.LEGACY_FILE), LogSegment.file(dir, 1),
                LogSegment.file(dir, 2));
        assertThat(readAll(log.newReader())).containsExactly("block 1-3", "block 4-6", "block 7-9");

        assertThat(log.compact(4)).isEqualTo(1);
        assertThat(dir.resolve(LogSegment.LEGACY_FILE)).doesNotExist();
        log.close();
        assertThat(readAll(open().newReader()))
                .containsExactly("block 4-6", "block 7-9");
    }

    @Test
    void refusesALogWithASegmentMissingInTheMiddle() throws IOException {
        FileLogStorage log = open();
        appendOneByOne(log, 1, 3);
        log.close();
        Files.delete(LogSegment.file(dir, 2));

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lacks segment 2");
    }

    @Test
    void refusesDamageInASegmentBeforeTheLastEvenAtItsEnd() throws IOException {
        FileLogStorage log = open();
        appendOneByOne(log, 1, 2);
        log.close();
        Path first = LogSegment.file(dir, 1);
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0x7F}), Files.size(first) - 1);
        }

        assertThatThrownBy(this::open).isInstanceOf(Recovery.EngineLogDamaged.class)
                .hasMessageContaining(first.toString()).hasMessageContaining("a later segment follows it");
        assertThat(Files.size(first)).as("nothing cut").isEqualTo(FileLogStorage.HEADER_LENGTH + "block 1-3".length());
    }

    private FileLogStorage open() {
        FileLogStorage log = FileLogStorage.open(dir, FileLogStorage.FlushObserver.NONE, TINY_SEGMENTS);
        opened.add(log);
        return log;
    }

    /** Appends {@code count} blocks of three positions from block number {@code first}, each committed alone. */
    private void appendOneByOne(FileLogStorage log, int first, int count) {
        for (int i = first; i < first + count; i++) {
            long lowest = 3L * (i - 1) + 1;
            byte[] bytes = ("block " + lowest + "-" + (lowest + 2)).getBytes(StandardCharsets.UTF_8);
            log.append(lowest, lowest + 2, ByteBuffer.wrap(bytes), tracking);
            await().atMost(30, TimeUnit.SECONDS).untilAtomic(committedUpTo, greaterThanOrEqualTo(lowest + 2));
        }
    }

    private static List<String> readAll(LogStorageReader reader) {
        List<String> blocks = new ArrayList<>();
        while (reader.hasNext()) {
            blocks.add(text(reader));
        }
        return blocks;
    }

    private static String text(LogStorageReader reader) {
        var block = reader.next();
        return block.getStringWithoutLengthUtf8(0, block.capacity());
    }
}
