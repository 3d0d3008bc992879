package io.descent.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous data-parallel step, driver side: broadcast the weights and the batch, let every partition
 * compute the summed gradient of its rows of the batch, add the parts up ({@link Aggregation}). The caller
 * divides by the batch size and runs its optimizer.
 */
final class SyncStep {
    private final JavaSparkContext sc;
    private final SparkData data;
    private final ModelBlueprint blueprint;
    private final Aggregation aggregation;
    private final int treeDepth;

    SyncStep(JavaSparkContext sc, SparkData data, ModelBlueprint blueprint, Aggregation aggregation, int treeDepth) {
        this.sc = sc;
        this.data = data;
        this.blueprint = blueprint;
        this.aggregation = aggregation;
        this.treeDepth = treeDepth;
    }

    /**
     * The summed loss and gradient (or loss alone) over {@code batch} (null: every sample) at {@code weights},
     * with the step's costs.
     */
    Result run(FlatVector weights, int[] batch, boolean gradient) {
        return run(new StepInput(weights, batch, gradient));
    }

    /** The same for a step that also ships buffers and seeds Dropout ({@link StepInput}). */
    Result run(StepInput input) {
        FlatVector weights = input.weights();
        int[] batch = input.batch();
        boolean gradient = input.gradient();
        long t0 = System.nanoTime();
        Broadcast<StepInput> b = sc.broadcast(input);
        long t1 = System.nanoTime();
        GradientPart total;
        try {
            total = aggregation.run(data.shards(), GradientPart::empty,
                    new GradientTask(blueprint, data.shape(), b), GradientPart::merge, treeDepth);
        } finally {
            b.destroy();
        }
        long t2 = System.nanoTime();
        int expected = batch == null ? data.size() : batch.length;
        if (total.rows() != expected) {
            throw new IllegalStateException("the workers computed on " + total.rows() + " samples, the batch has "
                    + expected + ": the shards do not cover the indices 0 .. " + (data.size() - 1) + " once each");
        }
        long vectors = gradient ? Aggregation.transfers(aggregation, data.partitions(), treeDepth) : 0;
        return new Result(total, (t1 - t0) / 1e6, (t2 - t1) / 1e6, input.bytes(),
                vectors * (weights.bytes() + FlatVector.OVERHEAD_BYTES));
    }

    /**
     * @param sum         the merged parts
     * @param broadcastMs time to create the broadcast
     * @param jobMs       time of the Spark job
     */
    record Result(GradientPart sum, double broadcastMs, double jobMs, long bytesBroadcast, long bytesAggregated) {
    }
}
