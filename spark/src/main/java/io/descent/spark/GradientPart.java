package io.descent.spark;

import java.io.Serializable;

/**
 * What workers send back in a synchronous step: the sum over their rows of the loss gradient, the summed
 * loss, the number of rows, and how long the longest computation took. Parts add up ({@link #merge}) in any
 * grouping, so Spark can combine them in a tree.
 */
final class GradientPart implements Serializable {
    private static final long serialVersionUID = 1L;

    private FlatVector gradientSum;
    private double lossSum;
    private long rows;
    private long computeNanos;
    private int parts;

    private GradientPart(FlatVector gradientSum, double lossSum, long rows, long computeNanos, int parts) {
        this.gradientSum = gradientSum;
        this.lossSum = lossSum;
        this.rows = rows;
        this.computeNanos = computeNanos;
        this.parts = parts;
    }

    /** Nothing yet: the zero of {@link #merge}. */
    static GradientPart empty() {
        return new GradientPart(null, 0, 0, 0, 0);
    }

    /** One worker's result; {@code gradientSum} is null when it held none of the batch's rows. */
    static GradientPart of(FlatVector gradientSum, double lossSum, long rows, long computeNanos) {
        return new GradientPart(gradientSum, lossSum, rows, computeNanos, 1);
    }

    /** Adds {@code other} into this part (taking over or adding its vector) and returns this part. */
    GradientPart merge(GradientPart other) {
        if (other.gradientSum != null) {
            if (gradientSum == null) {
                gradientSum = other.gradientSum;
            } else {
                gradientSum.addScaled(other.gradientSum, 1.0);
            }
        }
        lossSum += other.lossSum;
        rows += other.rows;
        computeNanos = Math.max(computeNanos, other.computeNanos);
        parts += other.parts;
        return this;
    }

    FlatVector gradientSum() {
        return gradientSum;
    }

    double lossSum() {
        return lossSum;
    }

    long rows() {
        return rows;
    }

    /** The longest time one worker spent computing (the step's critical path through the workers). */
    long computeNanos() {
        return computeNanos;
    }

    /** How many worker results were merged in. */
    int parts() {
        return parts;
    }
}
