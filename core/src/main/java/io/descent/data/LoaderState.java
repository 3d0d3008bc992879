package io.descent.data;

import io.descent.tensor.Rng;

/**
 * Where a loader stands, for a checkpoint: the epoch under way (or next), the random state at its start
 * and how many of its batches were handed out. {@code restore} of this state gives the very same batches
 * as never stopping, mid-epoch included.
 *
 * @param epoch       index of the current epoch (from 0), or of the next one between epochs
 * @param rng         the loader's random state at the start of that epoch, before its shuffle
 * @param batchesDone batches of that epoch already handed out
 */
public record LoaderState(long epoch, Rng.State rng, int batchesDone) {

    public LoaderState {
        if (epoch < 0 || batchesDone < 0 || rng == null) {
            throw new IllegalArgumentException("loader state: epoch " + epoch + " and batchesDone " + batchesDone
                    + " must be >= 0 and rng given");
        }
    }
}
