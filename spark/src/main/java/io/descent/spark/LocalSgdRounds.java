package io.descent.spark;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Local SGD: every partition takes up to k steps on its own rows (batches of its share of the global batch size),
 * then the weights, the optimizer states and the buffers are averaged, weighted by samples: k times fewer rounds of
 * communication than synchronous steps. An epoch is as many steps as the synchronous order has, cut into rounds of
 * k (the last one shorter); a run limited to a number of steps ends its last round there.
 */
public final class LocalSgdRounds extends SparkSteps {
    private final LocalSgdRound round;

    LocalSgdRounds(SparkSession spark, Module model, LossSpec loss, OptimizerFactory optimizer, SparkData data,
            SparkConfig config) {
        super(spark, model, loss, optimizer, data, config);
        this.round = new LocalSgdRound(sc, data, blueprint, optimizer, config.aggregation(), config.treeDepth());
    }

    @Override
    public int batchesPerEpoch() {
        return (perEpoch + config.localSteps() - 1) / config.localSteps();
    }

    @Override
    public boolean hasNext() {
        return done < perEpoch;
    }

    @Override
    public boolean updatesWeights() {
        return true;
    }

    @Override
    public BatchResult next(double gradientScale, StepClock clock) {
        long start = System.nanoTime();
        long first = clock.step();
        int k = Math.min(config.localSteps(), perEpoch - done);
        if (config.steps() > 0) {
            k = (int) Math.max(1, Math.min(k, config.steps() - first));
        }
        double[] factors = new double[k];
        for (int j = 0; j < k; j++) {
            factors[j] = clock.learningRateFactor(first + j);
        }
        RoundInput in = new RoundInput(ParameterVectors.values(params), StateVectors.of(optimizer.state()), first, k,
                config.batchSize(), data.size(), config.dropLast(), config.seed(), factors, bufferValues());
        LocalSgdRound.Result res;
        try {
            res = round.run(in);
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
            throw SparkFailures.unwrap(e);
        }
        done += k;
        LocalPart sum = res.sum();
        double loss = sum.lossSum() / sum.rows();
        if (Double.isFinite(loss)) {
            ParameterVectors.load(sum.averageWeights(), params);
            optimizer.load(sum.averageState().toState());
            ParameterVectors.loadInto(sum.averageBuffers(), buffers);
        }
        Map<String, Double> m = measurements(sum.computeNanos() / 1e6, res.jobMs(), res.broadcastMs(), start,
                res.bytesBroadcast(), res.bytesAggregated());
        m.put("local_steps", (double) k);
        return new BatchResult(loss, sum.rows(), -1, k, m);
    }
}
