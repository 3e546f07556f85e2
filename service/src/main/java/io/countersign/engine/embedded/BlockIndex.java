package io.countersign.engine.embedded;

/**
 * Where each committed block lives in the log file, in append order.
 *
 * <p>One writer (the flusher, or recovery before it starts) and any number of readers. The writer fills a slot
 * and only then publishes the new size through a volatile write, so a reader that sees a size also sees every
 * slot below it, in whichever array generation it picks up.
 */
final class BlockIndex {

    private static final int STRIDE = 3;

    private volatile long[] slots = new long[STRIDE * 1024];
    private volatile int size;

    void add(long lowestPosition, long fileOffset, int frameLength) {
        int n = size;
        long[] current = slots;
        if ((n + 1) * STRIDE > current.length) {
            long[] grown = new long[current.length * 2];
            System.arraycopy(current, 0, grown, 0, n * STRIDE);
            current = grown;
            slots = grown;
        }
        current[n * STRIDE] = lowestPosition;
        current[n * STRIDE + 1] = fileOffset;
        current[n * STRIDE + 2] = frameLength;
        size = n + 1;
    }

    int size() {
        return size;
    }

    long lowestPosition(int block) {
        return slots[block * STRIDE];
    }

    long fileOffset(int block) {
        return slots[block * STRIDE + 1];
    }

    int frameLength(int block) {
        return (int) slots[block * STRIDE + 2];
    }

    /**
     * The last block whose lowest position is strictly below {@code position}, or the first block: the same answer
     * as the in-memory storage of the process test engine, so the log stream reader behaves identically on top.
     */
    int blockBefore(long position) {
        int low = 0;
        int high = size - 1;
        int found = 0;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (lowestPosition(mid) < position) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }
}
