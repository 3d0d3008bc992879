package io.descent.optim;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/**
 * Newton's method with damping and a backtracking line search:
 *
 * <pre>
 *   (H + tau I) d = -grad f(w)         by Cholesky; tau = 0 when H is positive definite, otherwise the
 *                                      smallest of beta', 2 beta', 4 beta', ... that makes it so
 *                                      (Levenberg 1944; Nocedal and Wright 2006, algorithm 3.3)
 *   w &lt;- w + t d                      t = alpha, alpha rho, alpha rho^2, ... until
 *                                      f(w + t d) &lt;= f(w) + c1 t grad f(w)'d  (Armijo)
 * </pre>
 *
 * with beta' = beta max(1, max |H_ij|). Near a minimum with positive definite Hessian the full step t = 1
 * is taken and convergence is quadratic. The Hessian comes from {@link Objective#hessian}: exact for the
 * test functions, central differences of autograd gradients for the empirical risk of a model.
 *
 * <p>Each step stores the k x k Hessian (8 k^2 bytes) and factors it in about k^3 / 3 multiply-adds, so
 * objectives with more than {@link #DEFAULT_MAX_PARAMETERS} = 4096 variables (128 MiB, 2.3e10
 * multiply-adds per step) are refused unless {@link NewtonConfig#maxParameters} is raised.
 *
 * <pre>{@code
 * Newton newton = new Newton(objective, NewtonConfig.defaults());
 * Tensor w = start.copy();
 * while (newton.step(w).gradientNorm() > 1e-8) { }
 * }</pre>
 */
public final class Newton {
    /** The default limit on k: a 4096 x 4096 Hessian is 128 MiB and takes about 2.3e10 multiply-adds to factor. */
    public static final int DEFAULT_MAX_PARAMETERS = 4096;

    private final Objective objective;
    private final NewtonConfig config;
    private final int k;

    public Newton(Objective objective, NewtonConfig config) {
        this.objective = objective;
        this.config = config;
        this.k = objective.dimension();
        if (k > config.maxParameters()) {
            throw new IllegalArgumentException(String.format("newton: the objective has %d parameters, above the "
                    + "limit of %d. Each step builds the %d x %d Hessian (%.1f MiB) and factors it in O(k^3), about "
                    + "%.1e multiply-adds; use L-BFGS for a model this size, or raise NewtonConfig.maxParameters "
                    + "if you accept the cost", k, config.maxParameters(), k, k, 8.0 * k * k / (1 << 20),
                    (double) k * k * k / 3));
        }
    }

    /**
     * What one step did.
     *
     * @param valueBefore  f(w) before the step
     * @param value        f(w) after it
     * @param gradientNorm |grad f(w)| before the step
     * @param damping      tau added to the Hessian's diagonal (0 when it was positive definite)
     * @param stepLength   t, or 0 when no step length gave sufficient decrease and w was left unchanged
     * @param backtracks   how often the step was shrunk
     */
    public record Step(double valueBefore, double value, double gradientNorm, double damping, double stepLength,
                       int backtracks) {
        /** Whether w changed. */
        public boolean moved() {
            return stepLength > 0;
        }
    }

    /** Takes one step from {@code w} (float64, shape [k]), updating it in place. */
    public Step step(Tensor w) {
        if (w.dtype() != DType.FLOAT64 || w.size() != k) {
            throw new IllegalArgumentException("newton: needs a float64 point of " + k + " values, got "
                    + w.dtype().name().toLowerCase() + " " + w.shape());
        }
        double f0 = objective.value(w);
        double[] g = objective.gradient(w).toDoubleArray();
        double[] h = objective.hessian(w).toDoubleArray();
        double gradientNorm = Vectors.norm(g);
        for (double v : h) {
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("newton: the Hessian at " + w + " has a non-finite entry");
            }
        }
        double[] factor = new double[k * k];
        double tau = dampedFactor(h, factor);
        double[] d = Vectors.negated(g);
        Cholesky.solve(factor, k, d);
        double slope = Vectors.dot(g, d);

        double[] x = w.toDoubleArray();
        double[] candidate = new double[k];
        Tensor trial = Tensor.wrap(candidate, k);
        double t = config.lr();
        for (int backtracks = 0; backtracks <= config.maxBacktracks(); backtracks++) {
            for (int i = 0; i < k; i++) {
                candidate[i] = Math.fma(t, d[i], x[i]);
            }
            double f = objective.value(trial);
            if (f <= f0 + config.c1() * t * slope) {
                System.arraycopy(candidate, 0, w.doubles(), w.offset(), k);
                return new Step(f0, f, gradientNorm, tau, t, backtracks);
            }
            t *= config.backtrack();
        }
        return new Step(f0, f0, gradientNorm, tau, 0, config.maxBacktracks());
    }

    /** Factors H + tau I into {@code factor} with the smallest tau of the damping sequence that works; returns tau. */
    private double dampedFactor(double[] h, double[] factor) {
        double largest = 0;
        double smallestDiagonal = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            smallestDiagonal = Math.min(smallestDiagonal, h[i * k + i]);
        }
        for (double v : h) {
            largest = Math.max(largest, Math.abs(v));
        }
        double beta = config.damping() * Math.max(1, largest);
        double tau = smallestDiagonal > 0 ? 0 : beta - smallestDiagonal;
        while (true) {
            System.arraycopy(h, 0, factor, 0, h.length);
            for (int i = 0; i < k; i++) {
                factor[i * k + i] += tau;
            }
            if (Cholesky.factor(factor, k)) {
                return tau;
            }
            tau = Math.max(2 * tau, beta);
        }
    }

    public NewtonConfig config() {
        return config;
    }
}
