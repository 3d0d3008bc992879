package io.descent.curvature;

import io.descent.tensor.Rng;

/**
 * Hutchinson's estimator of the trace (Hutchinson 1989; Avron and Toledo 2011): for z with independent
 * Rademacher entries, E[z' H z] = sum_ij H_ij E[z_i z_j] = tr(H), so
 *
 * <pre>
 *   tr(H) ~ (1/N) sum_{l=1..N} z_l' H z_l,    standard error s / sqrt(N), s the sample standard deviation
 * </pre>
 *
 * Its variance is 2 sum_{i != j} H_ij^2 / N, the smallest of all probe distributions: on a diagonal H every
 * probe gives the trace exactly. One Hessian-vector product per probe.
 *
 * <pre>{@code
 * Hutchinson.Estimate t = Hutchinson.trace(hessian, 100, 0);
 * t.value();  t.standardError();
 * }</pre>
 */
public final class Hutchinson {

    private Hutchinson() {
    }

    /**
     * @param value         the mean of z' H z over the probes
     * @param standardError s / sqrt(N); NaN for a single probe
     * @param probes        N
     */
    public record Estimate(double value, double standardError, int probes) {
    }

    /** The estimate from {@code probes} Rademacher vectors drawn from {@code seed}. */
    public static Estimate trace(HessianOperator h, int probes, long seed) {
        if (probes < 1) {
            throw new IllegalArgumentException("hutchinson: needs at least one probe, got " + probes);
        }
        int k = h.dimension();
        Rng rng = new Rng(seed);
        double[] hz = new double[k];
        // Welford's running mean and sum of squared deviations: no cancellation for many probes
        double mean = 0;
        double squares = 0;
        for (int l = 1; l <= probes; l++) {
            double[] z = Probes.rademacher(rng, k);
            h.apply(z, hz);
            double x = Probes.dot(z, hz);
            if (!Double.isFinite(x)) {
                throw new ArithmeticException("hutchinson: z' H z is not finite at probe " + l);
            }
            double delta = x - mean;
            mean += delta / l;
            squares += delta * (x - mean);
        }
        double error = probes > 1 ? Math.sqrt(squares / (probes - 1) / probes) : Double.NaN;
        return new Estimate(mean, error, probes);
    }
}
