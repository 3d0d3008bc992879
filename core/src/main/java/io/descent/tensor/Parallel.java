package io.descent.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits a loop over a large array across the cores: the kernels call {@link #forRange} with the loop body
 * over a range of indices, and it runs the body on contiguous chunks of the range, which the calling thread
 * and the pool's threads take one after another until none is left. Below {@code minPerThread} indices per
 * thread the loop runs in the calling thread alone.
 *
 * <p>Why chunks taken in turn rather than one part per thread: waking a parked thread costs 20 to 200
 * microseconds on a virtual machine whose other core is idle (the hypervisor has to wake that core), as long
 * as one core takes to stream a million floats. Had the caller to wait for each helper to run its own part,
 * a loop of a few hundred thousand elements would take longer on two threads than on one. Here the caller
 * starts on the chunks at once and a helper that wakes late finds fewer (or none) left, so a loop never takes
 * much longer than on the calling thread alone, and takes about half as long when the helper is quick.
 *
 * <p>The number of threads is the system property {@code descent.threads}, else the number of processors.
 * The chunks are a fixed division of the range (it depends on n and the number of threads only) and each
 * writes its own indices, so the result does not depend on which thread runs which chunk; a body called from
 * inside a chunk runs in that thread (no nesting).
 *
 * <pre>{@code
 * Parallel.forRange(n, Parallel.GRAIN, (from, to) -> {
 *     for (int i = from; i < to; i++) out[i] = Math.max(x[i], 0f);
 * });
 * }</pre>
 */
public final class Parallel {
    /** Threads used for a large loop, the calling one included. */
    public static final int THREADS = threads();
    /** Elements per thread below which a streaming element-wise loop stays on one thread. */
    public static final int GRAIN = 1 << 16;
    /** Chunks per thread: enough that a late helper still finds work, few enough that each is worth a call. */
    private static final int CHUNKS_PER_THREAD = 4;

    private static final ExecutorService POOL = THREADS > 1 ? Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "descent-parallel");
        t.setDaemon(true);
        return t;
    }) : null;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Parallel() {
    }

    /** The loop body over indices [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Whether {@link #forRange} would split [0, n) across threads. Callers that must not allocate on small
     * inputs (an optimizer step) test it first and run their loop directly when it is false, since the lambda
     * handed to forRange is itself an allocation.
     */
    public static boolean splits(int n, int minPerThread) {
        return parts(n, minPerThread) > 1 && !INSIDE.get();
    }

    private static int parts(int n, int minPerThread) {
        return (int) Math.min(THREADS, n / Math.max(1L, minPerThread));
    }

    /** Runs {@code body} over [0, n), split across threads when there are {@code minPerThread} indices each. */
    public static void forRange(int n, int minPerThread, Range body) {
        int parts = parts(n, minPerThread);
        if (parts <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        Job job = new Job(n, Math.min(n, parts * CHUNKS_PER_THREAD), body);
        for (int p = 1; p < parts; p++) {
            POOL.execute(job::takeChunks);
        }
        job.takeChunks();
        job.awaitChunksTaken();
    }

    /** One loop: its chunks, the next one to take, and how many are finished. */
    private static final class Job {
        private final int n;
        private final int chunks;
        private final Range body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int n, int chunks, Range body) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
        }

        /** Runs chunks until none is left to take (a helper that starts after that returns at once). */
        void takeChunks() {
            INSIDE.set(Boolean.TRUE);
            try {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    try {
                        if (failure.get() == null) {
                            body.run(bound(c), bound(c + 1));
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        finished.incrementAndGet();
                    }
                }
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
        }

        /**
         * Waits for the chunks other threads took to finish (at most one each, a few microseconds of work, so
         * the wait spins, then yields in case the other thread is waiting for this core), then rethrows the
         * first failure.
         */
        void awaitChunksTaken() {
            for (int spins = 0; finished.get() < chunks; spins++) {
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        /**
         * The start of chunk {@code c}: an even division of [0, n), rounded down to 16 indices (a 64-byte cache
         * line of floats, so that two threads do not write to one line) when chunks are long enough for it.
         */
        private int bound(int c) {
            if (c >= chunks) {
                return n;
            }
            int start = (int) ((long) n * c / chunks);
            return n / chunks >= 256 ? start & ~15 : start;
        }
    }

    private static int threads() {
        String v = System.getProperty("descent.threads");
        int n = Runtime.getRuntime().availableProcessors();
        if (v != null) {
            try {
                n = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("descent.threads must be a whole number, got '" + v + "'", e);
            }
        }
        return Math.max(1, n);
    }
}
