package io.descent.schedule;

/**
 * Cosine annealing (Loshchilov and Hutter 2017, without restarts), PyTorch's {@code CosineAnnealingLR} in
 * closed form:
 *
 * <pre>
 *   factor(t) = m + (1 - m) (1 + cos(pi t / T)) / 2     for t &lt; T,     m for t &gt;= T
 * </pre>
 *
 * where m is the final factor (PyTorch's {@code eta_min / base_lr}). Unlike PyTorch, whose formula rises
 * again after T, the factor stays at m.
 *
 * @param period    T, the steps from 1 down to m, at least 1
 * @param minFactor m, in [0, 1]
 */
public record CosineAnnealing(long period, double minFactor) implements Schedule {

    public CosineAnnealing {
        Require.atLeast("cosine annealing", "period", period, 1);
        Require.inRange("cosine annealing", "min factor", minFactor, 0, 1, "[0, 1]");
    }

    @Override
    public double at(long t) {
        Require.step(t);
        if (t >= period) {
            return minFactor;
        }
        return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * t / period)) / 2;
    }
}
