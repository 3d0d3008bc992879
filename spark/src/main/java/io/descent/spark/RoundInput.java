package io.descent.spark;

import java.io.Serializable;

/**
 * What a round of local SGD broadcasts: the averaged weights and optimizer state to start from, which local
 * steps to take, and how the workers draw their batches.
 *
 * @param firstStep the global step the round starts at; worker batches follow from it and the seed
 * @param steps     local steps each worker takes (k, or fewer in the last round)
 * @param lrFactors the learning-rate factor of each local step, or null to leave the optimizer's rate
 * @param buffers   the averaged buffers (BatchNorm's running statistics), or null for a model without
 */
record RoundInput(FlatVector weights, StateVectors state, long firstStep, int steps, int globalBatch, int samples,
        boolean dropLast, long seed, double[] lrFactors, FlatVector buffers) implements Serializable {

    /** The payload in bytes. */
    long bytes() {
        return weights.bytes() + FlatVector.OVERHEAD_BYTES + state.bytes() + (buffers == null ? 0 : buffers.bytes());
    }
}
