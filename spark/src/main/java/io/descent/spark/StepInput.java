package io.descent.spark;

import java.io.Serializable;

/**
 * What a synchronous step broadcasts: the current weights, the global indices of the step's batch (null for
 * every sample: a full-batch evaluation), and whether gradients are wanted or the loss alone.
 */
record StepInput(FlatVector weights, int[] batch, boolean gradient) implements Serializable {

    /** The payload in bytes. */
    long bytes() {
        return weights.bytes() + FlatVector.OVERHEAD_BYTES + (batch == null ? 0 : 4L * batch.length);
    }

    /** The shard's rows this step computes on. */
    int[] rows(Shard shard) {
        return batch == null ? ShardWork.allRows(shard) : shard.select(batch);
    }
}
