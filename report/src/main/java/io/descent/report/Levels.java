package io.descent.report;

import java.util.Arrays;

/**
 * Contour levels: evenly spaced for functions of modest range, log-spaced for functions like Beale or
 * Rosenbrock whose values span many decades (evenly spaced levels would all crowd the walls and leave the
 * valley with the minimum empty).
 *
 * <pre>{@code
 * Levels.linear(0, 10, 4);     // [2, 4, 6, 8]
 * Levels.geometric(1, 1e4, 5); // [1, 10, 100, 1000, 10000]
 * Levels.logFor(grid, 20);     // 20 levels from just above the grid's minimum to its maximum, log-spaced
 * }</pre>
 */
public final class Levels {
    /** How far below the range the lowest log-spaced level may go: 10^-8 of it. */
    private static final double DEEPEST = 1e-8;

    private Levels() {
    }

    /** {@code n} levels evenly spaced strictly between {@code lo} and {@code hi}. */
    public static double[] linear(double lo, double hi, int n) {
        checkCount(n);
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("linear levels need finite lo < hi, got " + lo + ", " + hi);
        }
        double[] levels = new double[n];
        for (int k = 0; k < n; k++) {
            levels[k] = lo + (hi - lo) * (k + 1) / (n + 1);
        }
        return levels;
    }

    /** {@code n} levels from {@code lo} to {@code hi} (both included) with a constant ratio between neighbours. */
    public static double[] geometric(double lo, double hi, int n) {
        checkCount(n);
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo > 0 && lo < hi)) {
            throw new IllegalArgumentException("log-spaced levels need finite 0 < lo < hi, got " + lo + ", " + hi);
        }
        if (n == 1) {
            return new double[] {Math.sqrt(lo * hi)};
        }
        double[] levels = new double[n];
        double logLo = Math.log(lo);
        double step = (Math.log(hi) - logLo) / (n - 1);
        for (int k = 0; k < n; k++) {
            levels[k] = Math.exp(logLo + k * step);
        }
        levels[n - 1] = hi;
        return levels;
    }

    /** {@code n} levels evenly spaced strictly between the smallest and the largest finite value of the grid. */
    public static double[] linearFor(Grid g, int n) {
        double lo = g.min();
        double hi = g.max();
        requireRange(g, lo, hi);
        return linear(lo, hi, n);
    }

    /**
     * {@code n} levels {@code m + d_k}, where {@code m} is the grid's smallest value and the heights {@code d_k}
     * above it are log-spaced from the smallest positive height on the grid (but at least 10^-8 of the range)
     * up to, not including, the full range.
     */
    public static double[] logFor(Grid g, int n) {
        checkCount(n);
        double lo = g.min();
        double hi = g.max();
        requireRange(g, lo, hi);
        double range = hi - lo;
        double smallest = Math.max(g.smallestAbove(lo) - lo, range * DEEPEST);
        double[] heights = geometric(Math.min(smallest, range / 2), range, n + 1);
        double[] levels = new double[n];
        for (int k = 0; k < n; k++) {
            levels[k] = lo + heights[k];
        }
        return levels;
    }

    /** A sorted copy of {@code levels}, checked finite, without repeats. */
    public static double[] given(double... levels) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("give at least one contour level");
        }
        for (double v : levels) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("contour levels must be finite, got " + Arrays.toString(levels));
            }
        }
        return Arrays.stream(levels).sorted().distinct().toArray();
    }

    private static void requireRange(Grid g, double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("cannot choose contour levels: the function is constant or not finite "
                    + "on the grid over " + g.box() + " (min " + lo + ", max " + hi + ")");
        }
    }

    private static void checkCount(int n) {
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("number of contour levels must be in 1..1000, got " + n);
        }
    }
}
