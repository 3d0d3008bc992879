package io.descent.optim;

/**
 * Validation of hyperparameters when a configuration is built (DESIGN rule 5): every message names the
 * method, the setting, the value and the valid range, e.g. {@code "adam: beta1 = 1.2 is outside [0, 1)"}.
 * NaN is outside every range, so a NaN learning rate never reaches an update (rule 6).
 */
final class Check {
    private Check() {
    }

    /** {@code value} in [0, infinity). */
    static double nonNegative(String method, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw outside(method, name, value, "[0, inf)");
        }
        return value;
    }

    /** {@code value} in (0, infinity). */
    static double positive(String method, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw outside(method, name, value, "(0, inf)");
        }
        return value;
    }

    /** {@code value} in [0, 1): a decay rate that forgets, such as Adam's betas. */
    static double unitInterval(String method, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw outside(method, name, value, "[0, 1)");
        }
        return value;
    }

    /** {@code value} in [0, 1]. */
    static double closedUnitInterval(String method, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw outside(method, name, value, "[0, 1]");
        }
        return value;
    }

    /** {@code value} in (0, 1): a factor that must shrink, such as a line search's backtracking factor. */
    static double openUnitInterval(String method, String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw outside(method, name, value, "(0, 1)");
        }
        return value;
    }

    /** An integer setting at least {@code min}. */
    static int atLeast(String method, String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(method + ": " + name + " = " + value + " is outside [" + min + ", inf)");
        }
        return value;
    }

    private static IllegalArgumentException outside(String method, String name, double value, String range) {
        return new IllegalArgumentException(method + ": " + name + " = " + value + " is outside " + range);
    }
}
