package io.descent.spark;

import io.descent.tensor.Rng;
import java.util.Arrays;

/**
 * The minibatches one partition draws in local SGD: its rows in an order reshuffled every local epoch from
 * (seed, shard, epoch), cut into batches of its share of the global batch size. Each worker's k-th local step
 * is a function of the seed and k alone, so a retried task or a resumed run draws the same rows.
 */
final class LocalBatches {
    private final int first;
    private final int rows;
    private final int batchSize;
    private final boolean dropLast;
    private final long seed;
    private final int[] order;
    private long epoch = -1;

    /**
     * @param globalBatch the global batch size B; this shard's batches hold about B * rows / n of its rows
     * @param first       the global index of the partition's first row
     * @param rows        the partition's rows
     * @param n           the number of samples over all partitions
     */
    LocalBatches(int first, int rows, int globalBatch, int n, boolean dropLast, long seed) {
        this.first = first;
        this.rows = rows;
        this.batchSize = share(globalBatch, rows, n);
        this.dropLast = dropLast;
        this.seed = seed;
        this.order = new int[rows];
    }

    /** The batches of {@code shard} as a partition of its own. */
    LocalBatches(Shard shard, int globalBatch, int n, boolean dropLast, long seed) {
        this(shard.first(), shard.rows(), globalBatch, n, dropLast, seed);
    }

    /** A shard's part of the global batch: B * rows / n, rounded, at least 1. */
    static int share(int globalBatch, int rows, int n) {
        return (int) Math.max(1, Math.round((double) globalBatch * rows / n));
    }

    int batchSize() {
        return batchSize;
    }

    int stepsPerEpoch() {
        int r = rows;
        return Math.max(1, dropLast ? r / batchSize : (int) ((r + (long) batchSize - 1) / batchSize));
    }

    /** The local rows of local step {@code step} (from 0). */
    int[] rows(long step) {
        long e = step / stepsPerEpoch();
        if (e != epoch) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            rngOf(e).shuffle(order);
            epoch = e;
        }
        int from = (int) (step % stepsPerEpoch()) * batchSize;
        return Arrays.copyOfRange(order, Math.min(from, order.length), (int) Math.min((long) from + batchSize, order.length));
    }

    private Rng rngOf(long e) {
        long s = new Rng(seed ^ 0x2545F4914F6CDD1DL).nextLong();
        s = new Rng(s + first).nextLong();
        return new Rng(s + e);
    }
}
