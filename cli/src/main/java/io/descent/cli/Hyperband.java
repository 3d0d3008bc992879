package io.descent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband's brackets (Li et al. 2018, Algorithm 1) for a maximum of {@code R} epochs and reduction factor eta:
 * with {@code s_max = floor(log_eta R)}, bracket s = s_max..0 runs successive halving on
 * {@code n = ceil((s_max + 1) / (s + 1) * eta^s)} trials, rung i = 0..s training {@code n_i = floor(n * eta^-i)}
 * trials for {@code r_i = R * eta^(i - s)} epochs. For R = 81 and eta = 3 that is the paper's Table 1: brackets of
 * 81, 34, 15, 8 and 5 trials, starting at 1, 3, 9, 27 and 81 epochs.
 */
final class Hyperband {
    private Hyperband() {
    }

    static List<SuccessiveHalving> brackets(int maxEpochs, int eta) {
        if (eta < 2 || maxEpochs < 1) {
            throw new IllegalArgumentException("hyperband needs eta >= 2 and max epochs >= 1; got " + eta + ", " + maxEpochs);
        }
        int sMax = 0;
        for (long p = eta; p <= maxEpochs; p *= eta) {
            sMax++;
        }
        List<SuccessiveHalving> out = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            long etaS = pow(eta, s);
            long n = ((sMax + 1) * etaS + s) / (s + 1); // ceil((s_max + 1) eta^s / (s + 1))
            List<Integer> epochs = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i <= s; i++) {
                epochs.add((int) Math.max(1, maxEpochs / pow(eta, s - i)));
                counts.add((int) Math.max(1, n / pow(eta, i)));
            }
            out.add(new SuccessiveHalving(List.copyOf(epochs), List.copyOf(counts)));
        }
        return out;
    }

    /** Trials over all brackets. */
    static int trials(List<SuccessiveHalving> brackets) {
        return brackets.stream().mapToInt(b -> b.survivors().get(0)).sum();
    }

    private static long pow(int base, int e) {
        long p = 1;
        for (int i = 0; i < e; i++) {
            p *= base;
        }
        return p;
    }
}
