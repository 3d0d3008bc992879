package io.descent.schedule;

/**
 * Cosine annealing with warm restarts, SGDR (Loshchilov and Hutter 2017), PyTorch 1.13's
 * {@code CosineAnnealingWarmRestarts} stepped once per step, as a factor of the base rate:
 *
 * <pre>
 *   factor(t) = m + (1 - m) (1 + cos(pi T_cur / T_i)) / 2
 * </pre>
 *
 * where T_cur counts the steps since the last restart and the i-th cycle lasts T_i = T_0 T_mult^i steps
 * (at each restart the factor jumps back to 1). m is PyTorch's {@code eta_min / base_lr}.
 *
 * @param firstPeriod T_0, at least 1
 * @param periodMult  T_mult, at least 1
 * @param minFactor   m, in [0, 1]
 */
public record CosineWarmRestarts(long firstPeriod, long periodMult, double minFactor) implements Schedule {

    public CosineWarmRestarts {
        Require.atLeast("cosine warm restarts", "t_0", firstPeriod, 1);
        Require.atLeast("cosine warm restarts", "t_mult", periodMult, 1);
        Require.inRange("cosine warm restarts", "min factor", minFactor, 0, 1, "[0, 1]");
    }

    @Override
    public double at(long t) {
        Require.step(t);
        long period = firstPeriod;
        long cur = periodMult == 1 ? t % firstPeriod : t;
        while (cur >= period) {            // T_mult >= 2: at most log2(t) cycles
            cur -= period;
            period = period > Long.MAX_VALUE / periodMult ? Long.MAX_VALUE : period * periodMult;
        }
        return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * cur / period)) / 2;
    }
}
