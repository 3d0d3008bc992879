package io.descent.optim;

/**
 * The line search of PyTorch's L-BFGS ({@code _strong_wolfe} and {@code _cubic_interpolate} in
 * {@code torch/optim/lbfgs.py}, ported there from minFunc by way of Torch7's {@code lswolfe.lua}), statement
 * by statement: it finds a step t along d that meets the strong Wolfe conditions (Nocedal and Wright 2006,
 * section 3.1)
 *
 * <pre>
 *   f(x + t d) &lt;= f(x) + c1 t g'd            sufficient decrease
 *   |g(x + t d)'d| &lt;= c2 |g'd|               curvature
 * </pre>
 *
 * first bracketing an interval by cubic extrapolation, then zooming in by cubic interpolation. Python's
 * {@code min} and {@code max} return their first argument on ties and NaN comparisons; so do
 * {@link #pyMin} and {@link #pyMax} here, to take the same branches.
 */
final class StrongWolfe {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;
    /** PyTorch's L-BFGS calls the search without its own tolerance, so the search's default applies. */
    static final double TOLERANCE_CHANGE = 1e-9;
    static final int MAX_LS = 25;

    private StrongWolfe() {
    }

    /** f and g at x + t d, with the parameters restored to x afterwards. */
    interface Directional {
        Evaluation evaluate(double t);
    }

    record Evaluation(double value, double[] gradient) {
    }

    /** The accepted step t, with the value and gradient there and the number of evaluations spent. */
    record Result(double value, double[] gradient, double t, int evaluations) {
    }

    static Result search(Directional obj, double t, double[] d, double f, double[] g, double gtd) {
        double dNorm = Vectors.maxAbs(d);
        g = g.clone();
        Evaluation e = obj.evaluate(t);
        double fNew = e.value();
        double[] gNew = e.gradient();
        int evaluations = 1;
        double gtdNew = Vectors.dot(gNew, d);

        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = new double[2];
        double[] bracketF = new double[2];
        double[][] bracketG = new double[2][];
        double[] bracketGtd = new double[2];
        while (lsIter < MAX_LS) {
            if (fNew > (f + C1 * t * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                set(bracket, tPrev, t);
                set(bracketF, fPrev, fNew);
                bracketG[0] = gPrev;
                bracketG[1] = gNew.clone();
                set(bracketGtd, gtdPrev, gtdNew);
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                set(bracket, t, t);                 // PyTorch's one-point bracket [t]
                set(bracketF, fNew, fNew);
                bracketG[0] = gNew;
                bracketG[1] = gNew;
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                set(bracket, tPrev, t);
                set(bracketF, fPrev, fNew);
                bracketG[0] = gPrev;
                bracketG[1] = gNew.clone();
                set(bracketGtd, gtdPrev, gtdNew);
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.evaluate(t);
            fNew = e.value();
            gNew = e.gradient();
            evaluations++;
            gtdNew = Vectors.dot(gNew, d);
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            set(bracket, 0, t);
            set(bracketF, f, fNew);
            bracketG[0] = g;
            bracketG[1] = gNew;
        }

        // zoom: refine the bracket until a point meets the conditions
        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < TOLERANCE_CHANGE) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            // when t lands near an end of the bracket, move it 0.1 of the bracket's width inside
            double hi = pyMax(bracket[0], bracket[1]);
            double lo = pyMin(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (pyMin(hi - t, t - lo) < eps) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            e = obj.evaluate(t);
            fNew = e.value();
            gNew = e.gradient();
            evaluations++;
            gtdNew = Vectors.dot(gNew, d);
            lsIter++;

            if (fNew > (f + C1 * t * gtd) || fNew >= bracketF[low]) {
                // no sufficient decrease, or not below the lowest point: the new point is the high end
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew.clone();
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew.clone();
                bracketGtd[low] = gtdNew;
            }
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evaluations);
    }

    /** The minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), within the points' interval. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2)
                : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
    }

    /**
     * The minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to [lo, hi]; the middle
     * of [lo, hi] when the cubic has no minimum:
     *
     * <pre>
     *   d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2),   d2 = sqrt(d1^2 - g1 g2)
     *   x  = x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)
     * </pre>
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                   double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return pyMin(pyMax(minPos, lo), hi);
        }
        return (lo + hi) / 2.;
    }

    /** Python's min(a, b): a unless b &lt; a. */
    static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    /** Python's max(a, b): a unless b &gt; a. */
    static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    private static void set(double[] pair, double a, double b) {
        pair[0] = a;
        pair[1] = b;
    }
}
