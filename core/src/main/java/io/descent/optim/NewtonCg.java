package io.descent.optim;

import io.descent.curvature.HessianOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Hessian-free optimization (Martens 2010): Newton's step without the Hessian matrix. Each step minimizes the
 * damped quadratic model of f around w by conjugate gradient on curvature-vector products B v (B = H, the
 * Hessian, or G = J' H_L J, the Gauss-Newton matrix: {@link NewtonCgConfig#gaussNewton}):
 *
 * <pre>
 *   q(d) = g'd + 1/2 d'B d                          the undamped model, g = grad f(w)
 *   (B + lambda I) d = -g                           by CG from d_0 = 0, until |r_i| &lt;= tol |g| or max_cg
 *   rho = (f(w + d) - f(w)) / q(d)                  the reduction ratio
 *   rho &lt; 1/4: lambda &lt;- 3/2 lambda;  rho &gt; 3/4: lambda &lt;- 2/3 lambda   (Levenberg-Marquardt)
 * </pre>
 *
 * The step then goes through Martens' backtracking line search, w &lt;- w + t d with t = 1, 0.8, 0.8^2, ...
 * (at most 20 shrinks) until f(w + t d) &lt;= f(w) + 0.01 t g'd; when none passes, w stays. rho is that of the
 * full step d, so a step the line search had to shorten still raises lambda. CG's
 * r_i = -g - (B + lambda I) d_i; q(d_i) is tracked with O(k) dot products per iteration
 * (d_{i+1}'A d_{i+1} = d_i'A d_i + 2 a_i p_i'A d_i + a_i^2 p_i'A p_i, A = B + lambda I), so the ratio costs no
 * extra product. When the Hessian is indefinite and lambda too small, CG meets p'A p &lt;= 0: it stops there
 * with the iterate so far (at the first iteration, a step along -g of length |g|^2 / |g'A g| |g|).
 *
 * <p>CG backtracking (Martens 2010, 4.6): iterates at iterations ceil(1.3^j) are kept (at most
 * log_1.3(max_cg) + 2 vectors of k values: memory bounded by max_cg, not by the data); starting from the last,
 * the step goes back to an earlier one while that one's f(w + d) is lower, one value evaluation each.
 *
 * <p>Cost, in passes over the data (gradient = 1, product = 2, value = 1): one gradient, one product per CG
 * iteration, one value per candidate examined. {@link Step} reports them.
 *
 * <pre>{@code
 * NewtonCg hf = new NewtonCg(objective, NewtonCgConfig.defaults().withGaussNewton(true));
 * double[] w = ...;                       // updated in place
 * NewtonCg.Step s = hf.step(w);
 * }</pre>
 */
public final class NewtonCg {
    private static final double SAVE_GROWTH = 1.3;
    private static final double SHRINK = 0.8;
    private static final double ARMIJO = 0.01;
    private static final int MAX_SHRINKS = 20;

    private final CurvatureObjective f;
    private final NewtonCgConfig config;
    private final int k;
    private final double[] g;
    private final double[] d;
    private final double[] r;
    private final double[] p;
    private final double[] ap;
    private final double[] trial;
    private double lambda;

    public NewtonCg(CurvatureObjective f, NewtonCgConfig config) {
        this.f = f;
        this.config = config;
        this.k = f.dimension();
        this.g = new double[k];
        this.d = new double[k];
        this.r = new double[k];
        this.p = new double[k];
        this.ap = new double[k];
        this.trial = new double[k];
        this.lambda = config.damping();
    }

    /**
     * What one step did.
     *
     * @param valueBefore  f(w) before the step
     * @param value        f(w) after it (valueBefore when the step was refused)
     * @param gradientNorm |g| before the step
     * @param damping      lambda used in this step's CG
     * @param rho          the reduction ratio of the step tried
     * @param modelChange  q(d) of the step tried (negative: the model predicts a decrease)
     * @param stepLength   t of the line search, 0 when w stayed
     * @param cgIterations CG iterations run
     * @param negativeCurvature whether CG stopped on p'(B + lambda I)p &lt;= 0
     * @param moved        whether w changed
     * @param gradients    gradient evaluations (1)
     * @param products     curvature-vector products
     * @param values       value evaluations
     */
    public record Step(double valueBefore, double value, double gradientNorm, double damping, double rho,
                       double modelChange, double stepLength, int cgIterations, boolean negativeCurvature, boolean moved, int gradients, int products,
                       int values) {
        /** Passes over the data: gradient = 1, product = 2, value = 1. */
        public int passes() {
            return gradients + 2 * products + values;
        }
    }

    /** The damping the next step will use. */
    public double damping() {
        return lambda;
    }

    /** Sets the damping for the next step (a resumed run). */
    public void setDamping(double value) {
        Check.nonNegative("newton_cg", "damping", value);
        lambda = value;
    }

    public NewtonCgConfig config() {
        return config;
    }

    /** One step from {@code w} (length k), updating it in place. */
    public Step step(double[] w) {
        if (w.length != k) {
            throw new IllegalArgumentException("newton_cg: needs a point of " + k + " values, got " + w.length);
        }
        double f0 = f.gradient(w, g);
        double gNorm = Vectors.norm(g);
        if (!Double.isFinite(f0) || !Double.isFinite(gNorm)) {
            throw new ArithmeticException("newton_cg: f(w) = " + f0 + ", |g| = " + gNorm + ": not finite");
        }
        double used = lambda;
        if (gNorm == 0) {
            return new Step(f0, f0, 0, used, Double.NaN, 0, 0, 0, false, false, 1, 0, 0);
        }
        HessianOperator b = config.gaussNewton() ? f.gaussNewton(w) : f.hessian(w);
        List<Candidate> saved = new ArrayList<>();
        Cg cg = solve(b, used, saved);

        // The last iterate is always a candidate; with backtracking, earlier saved ones while they do better.
        int values = 1;
        double best = valueAt(w, cg.last.d);
        Candidate chosen = cg.last;
        if (config.cgBacktrack()) {
            for (int i = saved.size() - 1; i >= 0; i--) {
                Candidate c = saved.get(i);
                if (c.iteration >= chosen.iteration) {
                    continue;
                }
                double v = valueAt(w, c.d);
                values++;
                if (!(v < best)) {
                    break;
                }
                best = v;
                chosen = c;
            }
        }
        double rho = chosen.q < 0 ? (best - f0) / chosen.q : Double.NEGATIVE_INFINITY;
        if (rho < 0.25 || !Double.isFinite(rho)) {
            lambda *= 1.5;
        } else if (rho > 0.75) {
            lambda *= 2.0 / 3.0;
        }
        // Martens' line search on the chosen step: t = 1, 0.8, 0.8^2, ... until Armijo's
        // f(w + t d) <= f(w) + 0.01 t g'd; none among MAX_SHRINKS: w stays.
        double slope = Vectors.dot(g, chosen.d);
        double t = 1;
        double value = best;
        boolean moved = false;
        for (int i = 0; i <= MAX_SHRINKS && slope < 0; i++) {
            if (i > 0) {
                t *= SHRINK;
                value = valueAt(w, t, chosen.d);
                values++;
            }
            if (value <= f0 + ARMIJO * t * slope) {
                moved = true;
                break;
            }
        }
        if (moved) {
            for (int i = 0; i < k; i++) {
                w[i] = Math.fma(t, chosen.d[i], w[i]);
            }
        }
        return new Step(f0, moved ? value : f0, gNorm, used, rho, chosen.q, moved ? t : 0, cg.iterations,
                cg.negativeCurvature, moved, 1, cg.iterations, values);
    }

    private double valueAt(double[] w, double[] step) {
        return valueAt(w, 1, step);
    }

    private double valueAt(double[] w, double t, double[] step) {
        for (int i = 0; i < k; i++) {
            trial[i] = Math.fma(t, step[i], w[i]);
        }
        return f.value(trial);
    }

    /** An iterate of CG and its undamped model value q(d). */
    private record Candidate(int iteration, double[] d, double q) {
    }

    private record Cg(Candidate last, int iterations, boolean negativeCurvature) {
    }

    /** CG on (B + lambda I) d = -g from d = 0; fills {@code saved} with the iterates to backtrack over. */
    private Cg solve(HessianOperator b, double lambda, List<Candidate> saved) {
        java.util.Arrays.fill(d, 0);
        for (int i = 0; i < k; i++) {
            r[i] = -g[i];
            p[i] = r[i];
        }
        double rr = Vectors.dot(r, r);
        double stop = config.cgTolerance() * Math.sqrt(rr);
        double dAd = 0;     // d'(B + lambda I) d
        double nextSave = 1;
        int iterations = 0;
        boolean negative = false;
        while (iterations < config.maxCg() && Math.sqrt(rr) > stop) {
            b.apply(p, ap);
            Vectors.addScaled(ap, lambda, p);
            double pAp = Vectors.dot(p, ap);
            iterations++;
            if (!(pAp > 0)) {
                negative = true;
                if (iterations == 1) {
                    // along -g, the length a Cauchy step would have with curvature |g'A g| / |g|^2
                    double a = rr / Math.max(Math.abs(pAp), Double.MIN_NORMAL);
                    Vectors.addScaled(d, a, p);
                    dAd = a * a * pAp;
                }
                break;
            }
            double a = rr / pAp;
            dAd += 2 * a * Vectors.dot(ap, d) + a * a * pAp;
            Vectors.addScaled(d, a, p);
            Vectors.addScaled(r, -a, ap);
            double rrNext = Vectors.dot(r, r);
            double beta = rrNext / rr;
            for (int i = 0; i < k; i++) {
                p[i] = Math.fma(beta, p[i], r[i]);
            }
            rr = rrNext;
            if (config.cgBacktrack() && iterations >= nextSave) {
                saved.add(new Candidate(iterations, d.clone(), model(dAd, lambda)));
                while (nextSave <= iterations) {
                    nextSave = Math.ceil(nextSave * SAVE_GROWTH);
                }
            }
        }
        Candidate last = !saved.isEmpty() && saved.get(saved.size() - 1).iteration == iterations && !negative
                ? saved.get(saved.size() - 1)
                : new Candidate(iterations, d.clone(), model(dAd, lambda));
        return new Cg(last, iterations, negative);
    }

    /** q(d) = g'd + 1/2 d'B d, with d'B d = d'(B + lambda I) d - lambda |d|^2. */
    private double model(double dAd, double lambda) {
        double dd = Vectors.dot(d, d);
        return Vectors.dot(g, d) + 0.5 * (dAd - lambda * dd);
    }
}
