package io.descent.tensor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a loop over a large array across the cores: the kernels call {@link #forRange} with the loop body
 * over a range of indices, and it runs the body on contiguous parts, one per thread, the calling thread
 * taking the first part. Below {@code minPerThread} indices per part the loop runs in the calling thread
 * alone, because handing work to another thread and waiting for it costs some 10 to 30 microseconds, the
 * time one core takes to stream about 100K floats.
 *
 * <p>The number of threads is the system property {@code descent.threads}, else the number of processors.
 * Parts are independent (each writes its own indices), so the result does not depend on the thread count;
 * a body called from inside a part runs in that thread (no nesting).
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

    /** Runs {@code body} over [0, n), split into parts of at least {@code minPerThread} indices each. */
    public static void forRange(int n, int minPerThread, Range body) {
        int parts = parts(n, minPerThread);
        if (parts <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        Future<?>[] others = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = bound(n, p, parts);
            int to = bound(n, p + 1, parts);
            others[p - 1] = POOL.submit(() -> runPart(body, from, to));
        }
        runPart(body, 0, bound(n, 1, parts));
        for (Future<?> f : others) {
            join(f);
        }
    }

    /** The start of part {@code p} of {@code parts}, rounded to 16 elements (a 64-byte cache line of floats). */
    private static int bound(int n, int p, int parts) {
        return p == parts ? n : (int) ((long) n * p / parts) & ~15;
    }

    private static void runPart(Range body, int from, int to) {
        INSIDE.set(Boolean.TRUE);
        try {
            body.run(from, to);
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
    }

    private static void join(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the part is running: wait for it regardless, then restore the flag
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
