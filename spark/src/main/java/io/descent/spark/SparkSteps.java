package io.descent.spark;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.tensor.Tensor;
import io.descent.train.RunState;
import io.descent.train.StepSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's step sources for the one training loop ({@link io.descent.train.Trainer}): {@link SyncSteps} (every
 * partition computes the gradient of its rows of the global batch, the driver's optimizer steps) and
 * {@link LocalSgdRounds} (every partition takes k steps on its own rows, then weights, optimizer state and buffers are
 * averaged). The driver's model holds the current weights throughout.
 *
 * <pre>{@code
 * SparkSteps steps = SparkSteps.of(spark, model, LossSpec.crossEntropy(), adam, data, config);
 * History h = Trainer.builder().seed(1).callbacks(new EarlyStopping("val_loss", 3, 0, true)).build()
 *         .fit(model, steps.optimizer(), steps, Validation.of(validation, new CrossEntropyLoss()), 10);
 * }</pre>
 */
public abstract sealed class SparkSteps implements StepSource permits SyncSteps, LocalSgdRounds {
    final JavaSparkContext sc;
    final Module model;
    final List<Parameter> params;
    final List<Tensor> buffers;
    final ModelBlueprint blueprint;
    final Optimizer optimizer;
    final SparkData data;
    final SparkConfig config;
    final GlobalBatches batches;
    /** Global batches (steps of the synchronous order) per epoch. */
    final int perEpoch;
    /** Batches (sync) or local steps (local SGD) done in the current epoch. */
    int done;
    /** What a resume found done in the epoch it continues: the start of {@link #done} for that epoch only. */
    private int resumedDone;
    /** The global index of the current epoch's first batch. */
    long epochFirst;

    SparkSteps(SparkSession spark, Module model, LossSpec loss, OptimizerFactory optimizerFactory, SparkData data,
            SparkConfig config) {
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.model = model;
        this.params = model.parameters();
        this.buffers = WorkerState.buffers(model);
        this.blueprint = ModelBlueprint.of(model, loss);
        this.optimizer = optimizerFactory.create(params);
        this.data = data;
        this.config = config;
        this.batches = new GlobalBatches(data.size(), config.batchSize(), config.dropLast(), config.seed());
        this.perEpoch = batches.stepsPerEpoch();
    }

    /** The source {@code config} asks for: local SGD rounds with {@code withLocalSgd(k)}, else synchronous steps. */
    public static SparkSteps of(SparkSession spark, Module model, LossSpec loss, OptimizerFactory optimizer,
            SparkData data, SparkConfig config) {
        return config.isLocalSgd() ? new LocalSgdRounds(spark, model, loss, optimizer, data, config)
                : new SyncSteps(spark, model, loss, optimizer, data, config);
    }

    /** The driver's optimizer: it steps (synchronous) or holds the averaged state (local SGD); checkpoints keep it. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Optimizer steps in one epoch: global batches of the synchronous order. */
    public int stepsPerEpoch() {
        return perEpoch;
    }

    @Override
    public void beginEpoch(int epoch) {
        epochFirst = (long) (epoch - 1) * perEpoch;
        done = resumedDone;
        resumedDone = 0;
    }

    @Override
    public boolean isClassification() {
        return false; // workers sum losses, not correct predictions: the epoch reports no train_accuracy
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("source", config.isLocalSgd() ? "spark-local-sgd" : "spark-synchronous");
        d.put("batch_size", Integer.toString(config.batchSize()));
        d.put("drop_last", Boolean.toString(config.dropLast()));
        d.put("samples", Integer.toString(data.size()));
        // Local SGD's batches depend on the shards; synchronous batches do not.
        d.put("partitions", config.isLocalSgd() ? Integer.toString(data.partitions()) : "any");
        d.put("local_steps", Integer.toString(config.localSteps()));
        return d;
    }

    @Override
    public void saveState(Map<String, String> metadata) {
        // After an epoch's last batch the next epoch starts from nothing done (the loop closes the finished one).
        metadata.put("spark.done_in_epoch", Integer.toString(done >= perEpoch ? 0 : done));
        metadata.put("spark.order_epoch", Long.toString(batches.epoch()));
        RunState.putRng(metadata, "spark.order_rng", batches.epochStart());
    }

    @Override
    public void restoreState(String file, Map<String, String> metadata) {
        long d = RunState.longValue(file, metadata, "spark.done_in_epoch");
        if (d < 0 || d > perEpoch) {
            throw new IllegalArgumentException("spark.done_in_epoch = " + d + " outside [0, " + perEpoch + "]");
        }
        resumedDone = (int) d;
        batches.restore(RunState.longValue(file, metadata, "spark.order_epoch"),
                RunState.rng(file, metadata, "spark.order_rng"));
    }

    /** The driver's buffers as one vector, null for a model without. */
    FlatVector bufferValues() {
        return ParameterVectors.valuesOf(buffers, blueprint.dtype());
    }

    /** The step's measurements as the history's step record keeps them. */
    static Map<String, Double> measurements(double computeMs, double jobMs, double broadcastMs, long start,
            long bytesBroadcast, long bytesAggregated) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("compute_ms", computeMs);
        m.put("aggregate_ms", Math.max(0, jobMs - computeMs));
        m.put("broadcast_ms", broadcastMs);
        m.put("total_ms", (System.nanoTime() - start) / 1e6);
        m.put("bytes_broadcast", (double) bytesBroadcast);
        m.put("bytes_aggregated", (double) bytesAggregated);
        return m;
    }
}
