package io.descent.spark;

import java.io.Serializable;

/**
 * What workers send back after a round of local SGD: their final weights and optimizer state, each
 * multiplied by the number of samples the worker trained on (so that the sum over workers, divided by the
 * total, is the sample-weighted average), the summed loss, and timings. Parts add up in any grouping.
 */
final class LocalPart implements Serializable {
    private static final long serialVersionUID = 1L;

    private FlatVector weightedWeights;
    private StateVectors weightedState;
    private FlatVector weightedBuffers;
    private double lossSum;
    private long rows;
    private long computeNanos;

    private LocalPart(FlatVector weightedWeights, StateVectors weightedState, double lossSum, long rows,
            long computeNanos) {
        this.weightedWeights = weightedWeights;
        this.weightedState = weightedState;
        this.lossSum = lossSum;
        this.rows = rows;
        this.computeNanos = computeNanos;
    }

    static LocalPart empty() {
        return new LocalPart(null, null, 0, 0, 0);
    }

    /**
     * One worker's result: its weights, optimizer state and buffers (null for a model without) after the round, and
     * the {@code rows} it trained on.
     */
    static LocalPart of(FlatVector weights, StateVectors state, FlatVector buffers, double lossSum, long rows,
            long computeNanos) {
        LocalPart p = new LocalPart(weights.scale(rows), state.scale(rows), lossSum, rows, computeNanos);
        p.weightedBuffers = buffers == null ? null : buffers.scale(rows);
        return p;
    }

    LocalPart merge(LocalPart other) {
        if (other.weightedWeights != null) {
            if (weightedWeights == null) {
                weightedWeights = other.weightedWeights;
                weightedState = other.weightedState;
                weightedBuffers = other.weightedBuffers;
            } else {
                weightedWeights.addScaled(other.weightedWeights, 1.0);
                weightedState.addScaled(other.weightedState, 1.0);
                if (weightedBuffers != null) {
                    weightedBuffers.addScaled(other.weightedBuffers, 1.0);
                }
            }
        }
        lossSum += other.lossSum;
        rows += other.rows;
        computeNanos = Math.max(computeNanos, other.computeNanos);
        return this;
    }

    /** The sample-weighted average of the workers' weights. */
    FlatVector averageWeights() {
        return weightedWeights.scale(1.0 / rows);
    }

    /** The sample-weighted average of the workers' optimizer states. */
    StateVectors averageState() {
        return weightedState.scale(1.0 / rows);
    }

    /** The sample-weighted average of the workers' buffers, or null for a model without. */
    FlatVector averageBuffers() {
        return weightedBuffers == null ? null : weightedBuffers.scale(1.0 / rows);
    }

    double lossSum() {
        return lossSum;
    }

    long rows() {
        return rows;
    }

    long computeNanos() {
        return computeNanos;
    }
}
