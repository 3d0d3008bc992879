package io.descent.optim;

import io.descent.curvature.HessianOperator;
import io.descent.curvature.Lanczos;

/**
 * Saddle-free Newton (Dauphin et al. 2014): Newton's step with the Hessian's eigenvalues replaced by their
 * absolute values, so that directions of negative curvature are descended instead of climbed. |H| is formed
 * in an m-dimensional Krylov subspace: m steps of Lanczos on H started from g give H V ~ V T, T = S Theta S',
 * Ritz vectors Y = V S, and
 *
 * <pre>
 *   d = -Y (|Theta| + damping I)^-1 Y' g          w &lt;- w + t d
 * </pre>
 *
 * with t from a backtracking Armijo search ({@link SaddleFreeConfig#lineSearch}); g'd &lt; 0 always, so d
 * is a descent direction. Because Lanczos starts from g itself (q_1 = g / |g|), g lies in the subspace: it has
 * no component outside it, and nothing is dropped or scaled by 1/damping. A Ritz direction whose
 * |theta_i| + damping is 0 is skipped.
 *
 * <p>On f = y^4 - x^4 with m = 2, damping 0 and t = 1: Newton's step gives x &lt;- 2x/3, y &lt;- 2y/3 (pulled
 * into the saddle at 0); saddle-free Newton gives x &lt;- 4x/3, y &lt;- 2y/3 (it leaves along x).
 *
 * <p>Cost per step, in passes (gradient = 1, product = 2, value = 1): one gradient, m products, one value per
 * length tried. Memory: the m Lanczos vectors of k values.
 */
public final class SaddleFreeNewton {
    private final CurvatureObjective f;
    private final SaddleFreeConfig config;
    private final int k;
    private final double[] g;
    private final double[] d;
    private final double[] trial;

    public SaddleFreeNewton(CurvatureObjective f, SaddleFreeConfig config) {
        this.f = f;
        this.config = config;
        this.k = f.dimension();
        this.g = new double[k];
        this.d = new double[k];
        this.trial = new double[k];
    }

    /**
     * What one step did.
     *
     * @param valueBefore  f(w) before
     * @param value        f(w) after (valueBefore when no length gave sufficient decrease)
     * @param gradientNorm |g| before
     * @param ritzValues   theta, ascending: H's eigenvalues in the subspace
     * @param stepLength   t, 0 when w did not move
     * @param gradients    gradient evaluations
     * @param products     Hessian-vector products
     * @param values       value evaluations
     */
    public record Step(double valueBefore, double value, double gradientNorm, double[] ritzValues, double stepLength,
                       int gradients, int products, int values) {
        public boolean moved() {
            return stepLength > 0;
        }

        /** Passes over the data: gradient = 1, product = 2, value = 1. */
        public int passes() {
            return gradients + 2 * products + values;
        }
    }

    public SaddleFreeConfig config() {
        return config;
    }

    /** One step from {@code w} (length k), updating it in place. */
    public Step step(double[] w) {
        if (w.length != k) {
            throw new IllegalArgumentException("saddle_free: needs a point of " + k + " values, got " + w.length);
        }
        double f0 = f.gradient(w, g);
        double gNorm = Vectors.norm(g);
        if (!Double.isFinite(f0) || !Double.isFinite(gNorm)) {
            throw new ArithmeticException("saddle_free: f(w) = " + f0 + ", |g| = " + gNorm + ": not finite");
        }
        if (gNorm == 0) {
            return new Step(f0, f0, 0, new double[0], 0, 1, 0, 0);
        }
        HessianOperator h = f.hessian(w);
        Lanczos lanczos = new Lanczos(h, g, config.krylov(), 0);
        while (lanczos.step()) {
            // m steps, or k when the subspace is the whole space
        }
        Lanczos.Ritz ritz = lanczos.ritz();
        double[] theta = ritz.values();
        java.util.Arrays.fill(d, 0);
        for (int i = 0; i < theta.length; i++) {
            double scale = (config.absolute() ? Math.abs(theta[i]) : theta[i]) + config.damping();
            if (scale == 0) {
                continue;
            }
            double[] y = lanczos.ritzVector(i);
            Vectors.addScaled(d, -Vectors.dot(y, g) / scale, y);
        }
        int products = lanczos.steps();
        double slope = Vectors.dot(g, d);
        double t = config.lr();
        int tries = config.lineSearch() ? SaddleFreeConfig.MAX_BACKTRACKS + 1 : 1;
        for (int i = 0; i < tries; i++) {
            for (int j = 0; j < k; j++) {
                trial[j] = Math.fma(t, d[j], w[j]);
            }
            double v = f.value(trial);
            if (!config.lineSearch() || v <= f0 + SaddleFreeConfig.C1 * t * slope) {
                System.arraycopy(trial, 0, w, 0, k);
                return new Step(f0, v, gNorm, theta, t, 1, products, i + 1);
            }
            t *= 0.5;
        }
        return new Step(f0, f0, gNorm, theta, 0, 1, products, tries);
    }
}
