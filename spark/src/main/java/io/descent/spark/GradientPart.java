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
    /** The sum over the parts that computed of their buffers after the step (BatchNorm's running statistics). */
    private FlatVector bufferSum;
    private int bufferParts;

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

    /** Attaches this worker's buffers after its forward pass, for the driver's average; returns this part. */
    GradientPart withBuffers(FlatVector buffers) {
        bufferSum = buffers;
        bufferParts = buffers == null ? 0 : 1;
        return this;
    }

    /** The average over the workers of their buffers, or null when none sent any. */
    FlatVector averageBuffers() {
        return bufferSum == null ? null : bufferSum.scale(1.0 / bufferParts);
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
        if (other.bufferSum != null) {
            if (bufferSum == null) {
                bufferSum = other.bufferSum;
            } else {
                bufferSum.addScaled(other.bufferSum, 1.0);
            }
            bufferParts += other.bufferParts;
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
