package io.descent.spark;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import org.apache.spark.sql.SparkSession;

/**
 * Synchronous data-parallel steps: the weights (and buffers) and the step's global batch are broadcast, every
 * partition computes the summed gradient of its rows of the batch, the parts are added up, and the loop's optimizer
 * steps with their mean. The batches are those of a shuffling {@code DataLoader(data, batchSize, true, dropLast,
 * seed)}, so the weights match single-machine training to float rounding.
 */
public final class SyncSteps extends SparkSteps {
    private final SyncStep sync;

    SyncSteps(SparkSession spark, Module model, LossSpec loss, OptimizerFactory optimizer, SparkData data,
            SparkConfig config) {
        super(spark, model, loss, optimizer, data, config);
        this.sync = new SyncStep(sc, data, blueprint, config.aggregation(), config.treeDepth());
    }

    @Override
    public int batchesPerEpoch() {
        return perEpoch;
    }

    @Override
    public boolean hasNext() {
        return done < perEpoch;
    }

    @Override
    public BatchResult next(double gradientScale, StepClock clock) {
        long start = System.nanoTime();
        long index = epochFirst + done;
        int[] batch = batches.batch(index);
        SyncStep.Result res;
        try {
            res = sync.run(new StepInput(ParameterVectors.values(params), bufferValues(), batch, true, config.seed(),
                    index));
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
            throw SparkFailures.unwrap(e);
        }
        done++;
        GradientPart sum = res.sum();
        double loss = sum.lossSum() / sum.rows();
        if (Double.isFinite(loss)) {
            ParameterVectors.addGradients(params, sum.gradientSum(), gradientScale / batch.length);
            ParameterVectors.loadInto(sum.averageBuffers(), buffers);
        }
        return new BatchResult(loss, sum.rows(), -1, 0, measurements(sum.computeNanos() / 1e6, res.jobMs(),
                res.broadcastMs(), start, res.bytesBroadcast(), res.bytesAggregated()));
    }
}
