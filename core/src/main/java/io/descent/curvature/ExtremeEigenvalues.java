package io.descent.curvature;

import java.util.Arrays;

/**
 * The K largest and the K smallest eigenvalues of a symmetric operator by {@link Lanczos}: steps are taken until
 * the K Ritz values at each end have converged, that is until each residual |H y - theta y| = beta_m |s_{m,i}|
 * is at most {@code tolerance} times the spectrum's scale max |theta| (for a symmetric H the eigenvalue is then
 * within that residual of theta, Parlett 1998, theorem 4.5.1), or until the step limit. Lanczos finds the ends
 * of the spectrum first, so a few times K steps usually suffice for well separated extremes.
 *
 * <pre>{@code
 * ExtremeEigenvalues e = ExtremeEigenvalues.of(hessian, 5, 100, 1e-8, 0);
 * e.largest();    // the 5 largest, descending
 * e.smallest();   // the 5 smallest, ascending
 * }</pre>
 *
 * @param largest            the K largest Ritz values, descending (fewer when k &lt; K)
 * @param smallest           the K smallest, ascending
 * @param largestResiduals   their residual norms, in the same order
 * @param smallestResiduals  likewise
 * @param steps              the Lanczos steps taken
 * @param converged          whether every reported value met the tolerance
 */
public record ExtremeEigenvalues(double[] largest, double[] smallest, double[] largestResiduals,
                                 double[] smallestResiduals, int steps, boolean converged) {
    /** How many steps between convergence checks (each check decomposes T_m, O(m^3)). */
    private static final int CHECK_EVERY = 5;

    /**
     * @param count     K, at least 1
     * @param maxSteps  the step limit (capped at the dimension k, where the answer is exact)
     * @param tolerance residual relative to max |theta|, for example 1e-8
     * @param seed      draws the Rademacher start vector
     */
    public static ExtremeEigenvalues of(HessianOperator h, int count, int maxSteps, double tolerance, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("extreme eigenvalues: count must be at least 1, got " + count);
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("extreme eigenvalues: tolerance must be positive, got " + tolerance);
        }
        Lanczos lanczos = new Lanczos(h, maxSteps, seed);
        int firstCheck = Math.min(lanczos.maxSteps(), 2 * count + 2);
        while (true) {
            lanczos.step();
            int m = lanczos.steps();
            boolean last = m == lanczos.maxSteps();
            if (last || (m >= firstCheck && (m - firstCheck) % CHECK_EVERY == 0)) {
                ExtremeEigenvalues e = from(lanczos.ritz(), count, tolerance, m);
                if (e.converged || last) {
                    return e;
                }
            }
        }
    }

    private static ExtremeEigenvalues from(Lanczos.Ritz ritz, int count, double tolerance, int m) {
        double[] theta = ritz.values();
        int n = Math.min(count, m);
        double scale = Math.max(Math.abs(theta[0]), Math.abs(theta[m - 1]));
        double[] largest = new double[n];
        double[] largestResiduals = new double[n];
        double[] smallest = new double[n];
        double[] smallestResiduals = new double[n];
        boolean converged = true;
        for (int i = 0; i < n; i++) {
            largest[i] = theta[m - 1 - i];
            largestResiduals[i] = ritz.residuals()[m - 1 - i];
            smallest[i] = theta[i];
            smallestResiduals[i] = ritz.residuals()[i];
            converged &= largestResiduals[i] <= tolerance * scale && smallestResiduals[i] <= tolerance * scale;
        }
        return new ExtremeEigenvalues(largest, smallest, largestResiduals, smallestResiduals, m, converged);
    }

    @Override
    public String toString() {
        return "ExtremeEigenvalues[largest=" + Arrays.toString(largest) + ", smallest=" + Arrays.toString(smallest)
                + ", steps=" + steps + ", converged=" + converged + "]";
    }
}
