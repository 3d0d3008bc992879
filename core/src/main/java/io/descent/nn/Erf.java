package io.descent.nn;

/**
 * The error function and the standard normal distribution, to about 1e-15 relative error (float64), for GELU.
 * Java's Math has no erf; this uses two classical expansions (Abramowitz and Stegun, 7.1.6 and 7.1.14):
 * <ul>
 *   <li>|x| &lt; 2: erf x = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1 3 5 ... (2n+1)), a series of positive
 *       terms (no cancellation), at most about 30 of them;</li>
 *   <li>x &ge; 2: erfc x = e^{-x^2} / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...))))),
 *       a continued fraction evaluated from its 60th level up.</li>
 * </ul>
 * Tested against Python's {@code math.erf} and {@code math.erfc}.
 */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final int FRACTION_LEVELS = 60;

    private Erf() {
    }

    /** erf x = 2/sqrt(pi) times the integral of e^{-t^2} from 0 to x. */
    public static double erf(double x) {
        double a = Math.abs(x);
        if (a < 2) {
            return Math.copySign(series(a), x);
        }
        if (a >= 6) {
            return Math.copySign(1.0, x); // erfc 6 = 2e-17, below half an ulp of 1
        }
        return Math.copySign(1 - fraction(a), x);
    }

    /** erfc x = 1 - erf x, accurate also where it is tiny (large x). */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        return x < 2 ? 1 - series(x) : fraction(x);
    }

    /** The standard normal distribution function Phi(x) = (1 + erf(x / sqrt 2)) / 2, accurate in both tails. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * SQRT_HALF);
    }

    /** The standard normal density phi(x) = e^{-x^2/2} / sqrt(2 pi). */
    public static double normalPdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** erf a for 0 <= a < 2 by the series of positive terms. */
    private static double series(double a) {
        if (a == 0 || Double.isNaN(a)) {
            return a;
        }
        double twoA2 = 2 * a * a;
        double term = a;
        double sum = a;
        for (int n = 0; term > sum * 1e-17; n++) {
            term *= twoA2 / (2 * n + 3);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum;
    }

    /** erfc a for a >= 2 by the continued fraction. */
    private static double fraction(double a) {
        double f = a;
        for (int k = FRACTION_LEVELS; k >= 1; k--) {
            f = a + 0.5 * k / f;
        }
        return Math.exp(-a * a) / (SQRT_PI * f);
    }
}
