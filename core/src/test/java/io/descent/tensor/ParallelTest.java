package io.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The loop split over threads in chunks: every index once, failures passed on, nested loops inline. */
class ParallelTest {

    /** Each index of the range is visited exactly once, for sizes around the split threshold and chunk counts. */
    @Test
    void everyIndexExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 3, 7, 15, 16, 17, 100, 4096, 1 << 17, (1 << 17) + 5, 1_000_003}) {
            for (int min : new int[] {1, 3, 1 << 10, Parallel.GRAIN}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                ConcurrentLinkedQueue<int[]> ranges = new ConcurrentLinkedQueue<>();
                Parallel.forRange(n, min, (from, to) -> {
                    ranges.add(new int[] {from, to});
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(seen.get(i)).as("n=%d min=%d index %d", n, min, i).isEqualTo(1);
                }
                assertThat(ranges).as("no empty chunk for n=%d min=%d", n, min)
                        .allSatisfy(r -> assertThat(r[1]).isGreaterThan(r[0] - (n == 0 ? 1 : 0)));
            }
        }
    }

    /** Large chunks start on a multiple of 16 (a cache line of floats); a small range is not cut at all. */
    @Test
    void chunkBoundariesAndSmallRanges() {
        ConcurrentLinkedQueue<Integer> starts = new ConcurrentLinkedQueue<>();
        Parallel.forRange(1_000_003, 1 << 12, (from, to) -> starts.add(from));
        assertThat(starts).allSatisfy(s -> assertThat(s % 16).isZero());
        assertThat(starts.size()).isEqualTo(Parallel.THREADS > 1 ? Parallel.THREADS * 4 : 1);
        AtomicInteger calls = new AtomicInteger();
        Parallel.forRange(1000, 1000, (from, to) -> {
            calls.incrementAndGet();
            assertThat(from).isZero();
            assertThat(to).isEqualTo(1000);
        });
        assertThat(calls.get()).isEqualTo(1);
        assertThat(Parallel.splits(1000, 1000)).isFalse();
        assertThat(Parallel.splits(1 << 20, 1 << 10)).isEqualTo(Parallel.THREADS > 1);
    }

    /** A loop inside a chunk runs in that chunk's thread, whole. */
    @Test
    void nestedLoopsRunInline() {
        AtomicInteger innerCalls = new AtomicInteger();
        Parallel.forRange(1 << 12, 1, (from, to) -> {
            assertThat(Parallel.splits(1 << 20, 1)).isFalse();
            Thread outer = Thread.currentThread();
            Parallel.forRange(1 << 20, 1, (a, b) -> {
                innerCalls.incrementAndGet();
                assertThat(Thread.currentThread()).isSameAs(outer);
                assertThat(b - a).isEqualTo(1 << 20);
            });
        });
        assertThat(innerCalls.get()).isEqualTo(Parallel.THREADS > 1 ? Math.min(1 << 12, Parallel.THREADS * 4) : 1);
    }

    /** A failure in any chunk reaches the caller, an Error as itself, after the other chunks are done. */
    @Test
    void failuresReachTheCaller() {
        int n = 1 << 20;
        AtomicInteger done = new AtomicInteger();
        assertThatThrownBy(() -> Parallel.forRange(n, 1 << 10, (from, to) -> {
            if (to == n) {
                throw new IllegalStateException("last chunk");
            }
            done.addAndGet(to - from);
        })).isInstanceOf(IllegalStateException.class).hasMessage("last chunk");
        assertThatThrownBy(() -> Parallel.forRange(n, 1 << 10, (from, to) -> {
            throw new AssertionError("every chunk");
        })).isInstanceOf(AssertionError.class).hasMessage("every chunk");
        AtomicInteger after = new AtomicInteger();
        Parallel.forRange(n, 1 << 10, (from, to) -> after.addAndGet(to - from));
        assertThat(after.get()).as("the pool still works after failures").isEqualTo(n);
    }
}
