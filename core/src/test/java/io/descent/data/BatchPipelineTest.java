package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {
    private static BatchBuffers[] ring(int n) {
        BatchBuffers[] r = new BatchBuffers[n];
        for (int i = 0; i < n; i++) {
            r[i] = new BatchBuffers(4, 1, true, false);
        }
        return r;
    }

    /** Batch k holds k in every label, for batches 1..count, then the end. */
    private static BatchPipeline.Filler counting(int count, AtomicInteger made) {
        return into -> {
            int k = made.incrementAndGet();
            if (k > count) {
                return 0;
            }
            java.util.Arrays.fill(into.y, k);
            return 4;
        };
    }

    @Test
    void batchesComeInTheProducersOrderAndStayValidWhileTheProducerRunsAhead() throws Exception {
        AtomicInteger made = new AtomicInteger();
        try (BatchPipeline p = new BatchPipeline(ring(3), counting(20, made))) {
            List<Float> seen = new ArrayList<>();
            for (BatchBuffers b = p.next(); b != null; b = p.next()) {
                float first = b.y[0];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (made.get() < Math.min(21, (int) first + 2) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();      // the producer fills the ring's other buffers meanwhile
                }
                assertThat(b.y).containsOnly(first);
                seen.add(first);
            }
            assertThat(seen).hasSize(20);
            for (int i = 0; i < 20; i++) {
                assertThat(seen.get(i)).isEqualTo(i + 1f);
            }
            assertThat(p.next()).isNull();
        }
    }

    @Test
    void aFailureReachesTheConsumerAtItsBatchAsItWasThrown() {
        AtomicInteger made = new AtomicInteger();
        BatchPipeline.Filler failing = into -> {
            if (made.incrementAndGet() == 3) {
                throw new InvalidInputException("data.svm", "line 7", "label x: expected a number");
            }
            into.y[0] = made.get();
            return 1;
        };
        try (BatchPipeline p = new BatchPipeline(ring(4), failing)) {
            assertThat(p.next().y[0]).isEqualTo(1f);
            assertThat(p.next().y[0]).isEqualTo(2f);
            assertThatThrownBy(p::next).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 7");
            assertThat(p.next()).isNull();
        }
    }

    @Test
    void closingStopsAProducerThatWaitsForAFreeBuffer() throws Exception {
        CountDownLatch ringFull = new CountDownLatch(2);
        BatchPipeline p = new BatchPipeline(ring(2), into -> {
            ringFull.countDown();
            return 1;
        });
        assertThat(ringFull.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p.producing()).isTrue();           // blocked: both buffers are full and none was taken
        long t0 = System.nanoTime();
        p.close();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
        assertThat(p.producing()).isFalse();
    }
}
