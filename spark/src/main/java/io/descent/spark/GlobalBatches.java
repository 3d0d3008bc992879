package io.descent.spark;

import io.descent.tensor.Rng;
import java.util.Arrays;

/**
 * The global minibatches of synchronous training, drawn from the seed exactly as a shuffling
 * {@code io.descent.data.DataLoader} with the same seed, batch size and {@code dropLast} draws them: every
 * epoch the order 0 .. n-1 is shuffled (Fisher-Yates, one generator for all epochs) and cut into batches.
 * So single-machine training with that loader sees the same batches, step for step.
 *
 * <p>Steps are asked for in increasing order (a step of an earlier epoch than the current one cannot be
 * replayed); {@link #epochStart} and {@link #restore} carry the position through a checkpoint.
 */
final class GlobalBatches {
    private final int n;
    private final int batchSize;
    private final boolean dropLast;
    private final Rng rng;
    private final int[] order;
    private long epoch = -1;
    private Rng.State epochStart;

    GlobalBatches(int n, int batchSize, boolean dropLast, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (n <= 0 || (dropLast && n < batchSize)) {
            throw new IllegalArgumentException(n + " samples make no batch of " + batchSize
                    + (dropLast ? " (the short last batch is dropped)" : ""));
        }
        this.n = n;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.rng = new Rng(seed);
        this.order = new int[n];
    }

    int stepsPerEpoch() {
        return dropLast ? n / batchSize : (int) ((n + (long) batchSize - 1) / batchSize);
    }

    /** The epoch that global step {@code step} (from 0) belongs to. */
    long epochOf(long step) {
        return step / stepsPerEpoch();
    }

    /** The global sample indices of step {@code step}, in the order the loader would hand them out. */
    int[] batch(long step) {
        long e = epochOf(step);
        if (e < epoch) {
            throw new IllegalStateException("step " + step + " belongs to epoch " + e + ", before the current epoch "
                    + epoch);
        }
        while (epoch < e) {
            nextEpoch();
        }
        int from = (int) (step % stepsPerEpoch()) * batchSize;
        return Arrays.copyOfRange(order, from, (int) Math.min((long) from + batchSize, n));
    }

    private void nextEpoch() {
        epochStart = rng.state();
        epoch++;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        rng.shuffle(order);
    }

    /** The current epoch, -1 before the first batch. */
    long epoch() {
        return epoch;
    }

    /** The generator's state before the current epoch's shuffle (before the first epoch's, at the start). */
    Rng.State epochStart() {
        return epoch < 0 ? rng.state() : epochStart;
    }

    /** Continues where {@link #epoch()} and {@link #epochStart()} were saved. */
    void restore(long savedEpoch, Rng.State state) {
        rng.restore(state);
        epoch = -1;
        if (savedEpoch >= 0) {
            epoch = savedEpoch - 1;
            nextEpoch(); // draws the saved epoch's shuffle again
        }
    }
}
