package io.descent.spark;

import io.descent.nn.Dropout;
import io.descent.nn.Module;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.train.RunState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker's copy of the model carries besides its parameters: BatchNorm's running statistics (buffers) and
 * Dropout's random streams.
 *
 * <p>BatchNorm on Spark uses per-replica batch statistics: each partition normalizes with the mean and variance of
 * its own rows of the batch (as PyTorch's DistributedDataParallel without SyncBatchNorm), and the running statistics
 * the replicas reach are averaged over the partitions into the driver's model after every step (and every round of
 * local SGD). With one partition this is single-machine BatchNorm exactly; with several, each replica's statistics
 * come from fewer rows, as on any data-parallel system without synchronized statistics.
 *
 * <p>Dropout masks are drawn from a stream seeded by (run seed, global step, the shard's first sample), one per
 * Dropout layer: a retried task draws the same masks, and partitions draw different ones.
 */
final class WorkerState {
    private WorkerState() {
    }

    /** The model's buffers in the order of {@code namedBuffers()}. */
    static List<Tensor> buffers(Module model) {
        return new ArrayList<>(model.namedBuffers().values());
    }

    /** Seeds every Dropout layer of a worker's model for global step {@code step} on the shard starting at {@code first}. */
    static void seedDropouts(Module model, long seed, long step, int first) {
        List<Dropout> layers = new ArrayList<>(RunState.dropouts(model).values());
        if (layers.isEmpty()) {
            return;
        }
        long s = new Rng(seed ^ 0x5DEECE66DL).nextLong();
        s = new Rng(s + step).nextLong();
        s = new Rng(s + first).nextLong();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).rng().restore(new Rng(s + i).state());
        }
    }
}
