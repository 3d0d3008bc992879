package io.descent.cli.lecture;

import java.util.Locale;

/**
 * A measurement repeated over seeds: the mean and the sample standard deviation
 * s = sqrt(sum_i (x_i - mean)^2 / (n - 1)), zero for one seed.
 *
 * @param mean the mean over seeds
 * @param sd   the sample standard deviation (0 for a single seed)
 * @param n    how many seeds
 */
record Spread(double mean, double sd, int n) {

    static Spread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
        return new Spread(mean, sd, values.length);
    }

    /** "0.1234 ± 0.0056", or just the mean for one seed (the table says how many seeds). */
    String text() {
        String m = String.format(Locale.ROOT, "%.4g", mean);
        return n > 1 ? m + " ± " + String.format(Locale.ROOT, "%.2g", sd) : m;
    }
}
