package io.descent.spark;

import java.io.Serializable;

/**
 * What a synchronous step broadcasts: the current weights and buffers (BatchNorm's running statistics, null for a
 * model without), the global indices of the step's batch (null for every sample: a full-batch evaluation), whether
 * gradients are wanted or the loss alone, and the seed and global step that Dropout's masks are drawn from.
 */
record StepInput(FlatVector weights, FlatVector buffers, int[] batch, boolean gradient, long seed, long step)
        implements Serializable {

    /** A step for a model without buffers or Dropout (full-batch evaluations and gradients). */
    StepInput(FlatVector weights, int[] batch, boolean gradient) {
        this(weights, null, batch, gradient, 0, 0);
    }

    /** The payload in bytes. */
    long bytes() {
        return weights.bytes() + FlatVector.OVERHEAD_BYTES + (buffers == null ? 0 : buffers.bytes())
                + (batch == null ? 0 : 4L * batch.length);
    }

    /** The partition's rows this step computes on, as local row numbers. */
    int[] rows(PartitionRows part) {
        return batch == null ? part.allRows() : part.select(batch);
    }
}
