package io.descent.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * What the in-memory loaders share: one pass over N rows per {@link #iterator()}, in an order reshuffled
 * every epoch from the seed, cut into batches of a fixed size, the short last one kept or dropped.
 * Subclasses copy the rows of a batch into their reused buffers.
 */
abstract class RowLoader<B> implements Iterable<B> {
    private final int n;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int[] order;
    private final Epochs epochs;

    RowLoader(int n, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.n = n;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.order = new int[n];
        this.epochs = new Epochs(seed);
    }

    /** Copies rows {@code order[from .. from + count)} into the batch buffers and returns the batch. */
    abstract B assemble(int[] order, int from, int count);

    public int batchSize() {
        return batchSize;
    }

    /** Batches in one epoch: N / B rounded down with dropLast, up without (in long: N + B - 1 may pass 2^31). */
    public int batchesPerEpoch() {
        return dropLast ? n / batchSize : (int) ((n + (long) batchSize - 1) / batchSize);
    }

    /** Number of epochs begun so far. */
    public long epoch() {
        return epochs.started();
    }

    /** The state to save in a checkpoint. */
    public LoaderState state() {
        return epochs.state();
    }

    /** Continues from a saved state: the next {@link #iterator()} yields what the saved run would have. */
    public void restore(LoaderState s) {
        if (s.batchesDone() > batchesPerEpoch()) {
            throw new IllegalArgumentException("loader state: " + s.batchesDone() + " batches done, but an epoch has "
                    + batchesPerEpoch());
        }
        epochs.restore(s);
    }

    /**
     * Runs the next epoch. Starting another epoch makes this iterator stale (the buffers are shared): using
     * it afterwards throws.
     */
    @Override
    public Iterator<B> iterator() {
        int batches = batchesPerEpoch();
        int first = epochs.begin(batches); // before the shuffle: a saved state replays it
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            epochs.rng().shuffle(order);
        }
        long id = epochs.started();
        return new Iterator<>() {
            private int next = first;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public B next() {
                if (epochs.started() != id) {
                    throw new IllegalStateException("this epoch's iterator is stale: a later epoch has started");
                }
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch " + (id - 1) + " has " + batches + " batches");
                }
                int from = next * batchSize;
                next++;
                B batch = assemble(order, from, Math.min(batchSize, n - from));
                epochs.served();
                return batch;
            }
        };
    }
}
