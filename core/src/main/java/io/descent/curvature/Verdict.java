package io.descent.curvature;

import java.util.Locale;

/**
 * The second-order test at a point, in the lecture's words. With g = |grad L| and the extreme eigenvalues
 * lambda_min &lt;= lambda_max of the Hessian, an eigenvalue counts as zero when |lambda| &lt;= zero = tol
 * max(|lambda_min|, |lambda_max|) (rounding and a finite training run leave no exact zeros), and:
 *
 * <ul>
 *   <li>g &gt; gradient tolerance: not a stationary point (the test does not apply);</li>
 *   <li>lambda_min &lt; -zero and lambda_max &gt; zero: a saddle point (descent directions of negative curvature);</li>
 *   <li>lambda_min &gt; zero: a local minimum; lambda_max &lt; -zero: a local maximum;</li>
 *   <li>otherwise some eigenvalue is zero and the rest share a sign: flat or degenerate directions, which the
 *       second-order test cannot classify (the over-parameterized softmax's shift, a dead unit).</li>
 * </ul>
 */
public enum Verdict {
    NOT_STATIONARY("not a stationary point"),
    MINIMUM("a local minimum"),
    MAXIMUM("a local maximum"),
    SADDLE("a saddle point"),
    FLAT("flat or degenerate directions");

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /** The phrase, e.g. "a saddle point". */
    public String words() {
        return words;
    }

    /** The eigenvalue magnitude that counts as zero: {@code tolerance} max(|lambda_min|, |lambda_max|). */
    public static double zero(double smallest, double largest, double tolerance) {
        return tolerance * Math.max(Math.abs(smallest), Math.abs(largest));
    }

    public static Verdict of(double gradientNorm, double gradientTolerance, double smallest, double largest,
                             double tolerance) {
        if (!(gradientNorm <= gradientTolerance)) {
            return NOT_STATIONARY;
        }
        double zero = zero(smallest, largest, tolerance);
        if (smallest < -zero && largest > zero) {
            return SADDLE;
        }
        if (smallest > zero) {
            return MINIMUM;
        }
        if (largest < -zero) {
            return MAXIMUM;
        }
        return FLAT;
    }

    /** The verdict with the tolerances that made it, for a person to read. */
    public String explain(double gradientNorm, double gradientTolerance, double smallest, double largest,
                          double tolerance) {
        if (this == NOT_STATIONARY) {
            return String.format(Locale.ROOT, "%s (gradient norm %.3e > %.1e)", words, gradientNorm, gradientTolerance);
        }
        return String.format(Locale.ROOT, "%s (gradient norm %.3e <= %.1e; |lambda| <= %.1e x max|lambda| = %.3e "
                + "counts as zero)", words, gradientNorm, gradientTolerance, tolerance, zero(smallest, largest, tolerance));
    }
}
