package io.descent.data;

import io.descent.tensor.Rng;

/**
 * A loader's epoch counter and random stream. Each epoch's shuffles are drawn from one seeded generator,
 * whose state at the epoch's start is kept, so a saved {@link LoaderState} replays the epoch exactly.
 */
final class Epochs {
    private final Rng rng;
    private long started;
    private boolean inEpoch;
    private Rng.State startState;
    private int served;
    private int total;
    private int skip;

    Epochs(long seed) {
        rng = new Rng(seed);
    }

    Rng rng() {
        return rng;
    }

    /** Number of epochs begun. */
    long started() {
        return started;
    }

    /**
     * Begins an epoch of {@code batches} batches; call before drawing its shuffles. Returns how many batches
     * to skip: non-zero once after {@link #restore} into the middle of an epoch.
     */
    int begin(int batches) {
        startState = rng.state();
        started++;
        total = batches;
        served = Math.min(skip, batches);
        skip = 0;
        inEpoch = served < total;
        return served;
    }

    /** One more batch handed out; the epoch ends with its last batch. */
    void served() {
        served++;
        if (served >= total) {
            inEpoch = false;
        }
    }

    LoaderState state() {
        // Between epochs: the next one, with the batches a restore asked to skip (0 unless just restored).
        return inEpoch ? new LoaderState(started - 1, startState, served) : new LoaderState(started, rng.state(), skip);
    }

    void restore(LoaderState s) {
        rng.restore(s.rng());
        started = s.epoch();
        skip = s.batchesDone();
        inEpoch = false;
    }
}
