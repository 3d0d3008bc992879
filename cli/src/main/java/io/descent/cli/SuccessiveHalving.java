package io.descent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The rungs of successive halving (Jamieson and Talwalkar 2016; Li et al. 2018, Hyperband's inner loop) for
 * {@code n} trials, a reduction factor {@code eta} and at most {@code maxEpochs} epochs: with
 * {@code K = min(floor(log_eta n), floor(log_eta maxEpochs))} halvings, rung r = 0..K trains its trials for
 * {@code max(1, floor(maxEpochs / eta^(K - r)))} epochs and keeps the best {@code ceil(count / eta)} for the next.
 * So 27 trials with eta 3 and 9 epochs run 27 trials for 1 epoch, the best 9 for 3, the best 3 for 9.
 *
 * @param epochs    epochs of each rung
 * @param survivors trials each rung trains
 */
record SuccessiveHalving(List<Integer> epochs, List<Integer> survivors) {

    static SuccessiveHalving plan(int n, int eta, int maxEpochs) {
        if (n < 1 || eta < 2 || maxEpochs < 1) {
            throw new IllegalArgumentException("successive halving needs n >= 1, eta >= 2, max epochs >= 1; got " + n
                    + ", " + eta + ", " + maxEpochs);
        }
        int k = Math.min(floorLog(n, eta), floorLog(maxEpochs, eta));
        List<Integer> epochs = new ArrayList<>();
        List<Integer> survivors = new ArrayList<>();
        int count = n;
        for (int r = 0; r <= k; r++) {
            epochs.add(Math.max(1, (int) (maxEpochs / Math.pow(eta, k - r))));
            survivors.add(count);
            count = Math.max(1, (count + eta - 1) / eta);
        }
        return new SuccessiveHalving(List.copyOf(epochs), List.copyOf(survivors));
    }

    int rungs() {
        return epochs.size();
    }

    /** How many trials of rung r go on to rung r + 1. */
    int keep(int r) {
        return survivors.get(r + 1);
    }

    /** Epochs trained over all rungs. */
    long totalEpochs() {
        long t = 0;
        for (int r = 0; r < rungs(); r++) {
            t += (long) epochs.get(r) * survivors.get(r);
        }
        return t;
    }

    private static int floorLog(int n, int base) {
        int k = 0;
        for (long p = base; p <= n; p *= base) {
            k++;
        }
        return k;
    }
}
