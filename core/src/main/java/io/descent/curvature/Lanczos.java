package io.descent.curvature;

import io.descent.tensor.Rng;

/**
 * The Lanczos process on a symmetric operator H (Lanczos 1950; Golub and Van Loan 2013, section 10.1), in
 * float64 with full reorthogonalization: from a unit q_1,
 *
 * <pre>
 *   w = H q_j - beta_{j-1} q_{j-1},   alpha_j = q_j' w,   w &lt;- w - alpha_j q_j
 *   w &lt;- w - Q_j (Q_j' w)                twice ("twice is enough", Parlett 1998), against every q so far
 *   beta_j = |w|,                       q_{j+1} = w / beta_j
 * </pre>
 *
 * so that H Q_m = Q_m T_m + beta_m q_{m+1} e_m', T_m tridiagonal with alpha on its diagonal and beta beside it.
 * The eigenvalues theta_i of T_m (Ritz values) approach H's extreme eigenvalues first; with T_m = S diag(theta)
 * S', the Ritz vector y_i = Q_m s_i has residual |H y_i - theta_i y_i| = beta_m |s_{m,i}|, which
 * {@link Ritz#residuals} reports without touching H. Reorthogonalizing against every vector keeps Q_m orthonormal
 * to rounding, so no spurious copies of converged values appear (the price: m vectors of k values are kept).
 *
 * <p>When w vanishes (beta_j below {@value #BREAKDOWN} times the largest alpha or beta so far) the Krylov space is
 * invariant; the process then goes on from a fresh random vector orthogonal to Q, with beta_j = 0, so that T
 * becomes block diagonal and repeated eigenvalues are found with their multiplicity once m reaches k.
 *
 * <pre>{@code
 * Lanczos lanczos = new Lanczos(hessian, 40, 7);   // at most 40 steps, start vector drawn from seed 7
 * while (lanczos.steps() < 40 && lanczos.step()) { }
 * Lanczos.Ritz ritz = lanczos.ritz();              // ritz.values()[m - 1]: the largest eigenvalue's estimate
 * }</pre>
 */
public final class Lanczos {
    /** A beta this small relative to the largest alpha or beta so far counts as zero: the space is invariant. */
    static final double BREAKDOWN = 1e-12;

    private final HessianOperator h;
    private final int k;
    private final int maxSteps;
    private final Rng rng;
    private final double[][] q;
    private final double[] alpha;
    private final double[] beta;
    private final double[] w;
    private int m;
    private double scale;

    /** Lanczos from a Rademacher start vector drawn from {@code seed}, for at most {@code maxSteps} steps (capped at k). */
    public Lanczos(HessianOperator h, int maxSteps, long seed) {
        this(h, null, maxSteps, seed);
    }

    /**
     * Lanczos from {@code start} (normalized here; null: a Rademacher vector from {@code seed}); {@code seed}
     * also draws the vectors that restart the process after a breakdown.
     */
    public Lanczos(HessianOperator h, double[] start, int maxSteps, long seed) {
        this.h = h;
        this.k = h.dimension();
        if (k < 1) {
            throw new IllegalArgumentException("lanczos: the operator has dimension " + k);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("lanczos: needs at least one step, got " + maxSteps);
        }
        this.maxSteps = Math.min(maxSteps, k);
        this.rng = new Rng(seed);
        this.q = new double[this.maxSteps][];
        this.alpha = new double[this.maxSteps];
        this.beta = new double[this.maxSteps];
        this.w = new double[k];
        double[] first = start == null ? Probes.rademacher(rng, k) : start.clone();
        if (first.length != k) {
            throw new IllegalArgumentException("lanczos: the start vector has " + first.length + " values, the operator "
                    + "dimension " + k);
        }
        if (!(Probes.normalize(first) > 0)) {
            throw new IllegalArgumentException("lanczos: the start vector must be finite and nonzero");
        }
        q[0] = first;
    }

    /** The steps taken so far, m: the size of T. */
    public int steps() {
        return m;
    }

    /** The most steps this run may take: min(maxSteps, k). */
    public int maxSteps() {
        return maxSteps;
    }

    /** Takes one step; false (and nothing done) once {@link #maxSteps()} steps are taken. */
    public boolean step() {
        if (m == maxSteps) {
            return false;
        }
        double[] qj = q[m];
        h.apply(qj, w);
        double a = Probes.dot(qj, w);
        if (!Double.isFinite(a)) {
            throw new ArithmeticException("lanczos: H q is not finite at step " + (m + 1));
        }
        alpha[m] = a;
        axpy(-a, qj, w);
        if (m > 0) {
            axpy(-beta[m - 1], q[m - 1], w);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i <= m; i++) {
                axpy(-Probes.dot(q[i], w), q[i], w);
            }
        }
        double b = Math.sqrt(Probes.dot(w, w));
        scale = Math.max(scale, Math.max(Math.abs(a), b));
        m++;
        if (m == maxSteps) {
            // the last beta is the residual's size; at m = k the Krylov space is all of R^k and it is zero
            beta[m - 1] = m == k ? 0 : b;
            return true;
        }
        if (b <= BREAKDOWN * scale) {
            beta[m - 1] = 0;
            q[m] = restart();
        } else {
            beta[m - 1] = b;
            double[] next = new double[k];
            for (int i = 0; i < k; i++) {
                next[i] = w[i] / b;
            }
            q[m] = next;
        }
        return true;
    }

    /** A random unit vector orthogonal to q_1 ... q_m (m &lt; k, so one exists). */
    private double[] restart() {
        while (true) {
            double[] v = Probes.rademacher(rng, k);
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < m; i++) {
                    axpy(-Probes.dot(q[i], v), q[i], v);
                }
            }
            if (Probes.normalize(v) > 1e-8) {
                return v;
            }
        }
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }

    /**
     * The eigen-decomposition of T_m: Ritz values ascending, the squared first components of its eigenvectors
     * (the Gauss quadrature weights of {@link SpectralDensity}), and the residual bounds beta_m |s_{m,i}|.
     *
     * @param values    theta_1 &lt;= ... &lt;= theta_m
     * @param weights   s_{1,i}^2, summing to 1
     * @param residuals |H y_i - theta_i y_i| for the Ritz vectors y_i
     */
    public record Ritz(double[] values, double[] weights, double[] residuals) {
    }

    public Ritz ritz() {
        if (m == 0) {
            throw new IllegalStateException("lanczos: no step taken yet");
        }
        Tridiagonal.Eigen e = Tridiagonal.eigen(alpha, beta, m);
        double[] weights = new double[m];
        double[] residuals = new double[m];
        for (int i = 0; i < m; i++) {
            double first = e.vectors()[0][i];
            weights[i] = first * first;
            residuals[i] = Math.abs(beta[m - 1] * e.vectors()[m - 1][i]);
        }
        return new Ritz(e.values(), weights, residuals);
    }

    /** The Ritz vector y_i = Q_m s_i of Ritz value {@code index} (ascending), a unit vector of length k. */
    public double[] ritzVector(int index) {
        Tridiagonal.Eigen e = Tridiagonal.eigen(alpha, beta, m);
        double[] y = new double[k];
        for (int j = 0; j < m; j++) {
            axpy(e.vectors()[j][index], q[j], y);
        }
        return y;
    }

    /** The largest |alpha| or beta seen: an estimate of |H| from below. */
    double scale() {
        return scale;
    }
}
