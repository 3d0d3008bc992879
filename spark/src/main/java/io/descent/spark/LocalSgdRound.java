package io.descent.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of local SGD, driver side: broadcast the weights and the optimizer state, let every partition
 * take its local steps, and average what comes back (weighted by samples).
 */
final class LocalSgdRound {
    private final JavaSparkContext sc;
    private final SparkData data;
    private final ModelBlueprint blueprint;
    private final OptimizerFactory optimizerFactory;
    private final Aggregation aggregation;
    private final int treeDepth;

    LocalSgdRound(JavaSparkContext sc, SparkData data, ModelBlueprint blueprint, OptimizerFactory optimizerFactory,
            Aggregation aggregation, int treeDepth) {
        this.sc = sc;
        this.data = data;
        this.blueprint = blueprint;
        this.optimizerFactory = optimizerFactory;
        this.aggregation = aggregation;
        this.treeDepth = treeDepth;
    }

    Result run(RoundInput input) {
        long t0 = System.nanoTime();
        Broadcast<RoundInput> b = sc.broadcast(input);
        long t1 = System.nanoTime();
        LocalPart total;
        try {
            total = aggregation.run(data.shards(), LocalPart::empty,
                    new LocalSgdTask(blueprint, data.shape(), optimizerFactory, b), LocalPart::merge, treeDepth);
        } finally {
            b.destroy();
        }
        long t2 = System.nanoTime();
        long vectors = Aggregation.transfers(aggregation, data.partitions(), treeDepth);
        return new Result(total, (t1 - t0) / 1e6, (t2 - t1) / 1e6, input.bytes(), vectors * input.bytes());
    }

    record Result(LocalPart sum, double broadcastMs, double jobMs, long bytesBroadcast, long bytesAggregated) {
    }
}
