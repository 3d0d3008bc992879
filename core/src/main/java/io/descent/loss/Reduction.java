package io.descent.loss;

/** How a loss turns its per-example terms into one number: their mean (the empirical risk) or their sum. */
public enum Reduction {
    MEAN, SUM;

    /** The factor each of {@code n} terms is multiplied by. */
    double factor(int n) {
        return this == SUM ? 1.0 : 1.0 / Math.max(1, n);
    }
}
