package io.descent.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that trials run on: {@code descent tune}'s segments ({@link LocalTrials}) and the step-size grids
 * behind the report's claims table both go through it, one trial per thread, {@code parallel} at a time (the
 * kernels' own pool, {@code io.descent.tensor.Parallel}, is shared by all). Each trial is seeded on its own, so
 * what it computes does not depend on which thread runs it or when.
 */
public final class TrialPool implements AutoCloseable {
    private final int parallel;
    private final ExecutorService pool;

    public TrialPool(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel trials = " + parallel + " must be >= 1");
        }
        this.parallel = parallel;
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "descent-trial");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code trial}; a checked exception it throws completes the future with a {@link CompletionException}. */
    public <T> CompletableFuture<T> submit(Callable<T> trial) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return trial.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
    }

    /** How many trials run at once. */
    public int parallelism() {
        return parallel;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
