package io.descent.spark;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's loop of a distributed run: steps (synchronous) or rounds (local SGD) until the epochs or
 * steps are done, with the history, progress lines, epoch-end evaluation and checkpoints. The driver's model
 * holds the current weights throughout and the final ones at the end.
 */
final class SparkTrainer {
    private final JavaSparkContext sc;
    private final Module model;
    private final List<Parameter> params;
    private final ModelBlueprint blueprint;
    private final OptimizerFactory optimizerFactory;
    private final Optimizer optimizer;
    private final SparkData data;
    private final SparkConfig config;
    private final GlobalBatches batches;
    private final Map<String, String> identity;
    private final History history = new History();
    private final EpochTally tally = new EpochTally();

    SparkTrainer(SparkSession spark, Module model, LossSpec loss, OptimizerFactory optimizerFactory, SparkData data,
            SparkConfig config) {
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.model = model;
        this.params = model.parameters();
        this.blueprint = ModelBlueprint.of(model, loss);
        this.optimizerFactory = optimizerFactory;
        this.optimizer = optimizerFactory.create(params);
        this.data = data;
        this.config = config;
        this.batches = new GlobalBatches(data.size(), config.batchSize(), config.dropLast(), config.seed());
        this.identity = SparkCheckpoint.identity(config, data);
    }

    History fit() throws IOException {
        model.train(true);
        long step = 0;
        if (config.resumeFrom() != null) {
            SparkCheckpoint.Position pos = SparkCheckpoint.restore(config.resumeFrom(), model, optimizer, identity);
            step = pos.step();
            if (!config.isLocalSgd()) {
                batches.restore(pos.epoch(), pos.epochStart());
            }
        }
        long perEpoch = batches.stepsPerEpoch();
        long total = config.steps() > 0 ? config.steps() : config.epochs() * perEpoch;
        SyncStep sync = new SyncStep(sc, data, blueprint, config.aggregation(), config.treeDepth());
        LocalSgdRound local = new LocalSgdRound(sc, data, blueprint, optimizerFactory, config.aggregation(),
                config.treeDepth());
        int records = 0;
        while (step < total) {
            StepRecord r;
            try {
                r = config.isLocalSgd() ? round(local, step, (int) Math.min(config.localSteps(), total - step))
                        : step(sync, step);
            } catch (Exception e) { // SparkException is checked, and thrown undeclared
                throw SparkFailures.unwrap(e);
            }
            if (!Double.isFinite(r.loss())) {
                throw new IllegalStateException("the training loss is " + r.loss() + " at step " + r.step()
                        + "; lower the learning rate");
            }
            long before = step;
            step = r.step();
            history.add(r);
            tally.add(r);
            records++;
            boolean epochEnded = step / perEpoch > before / perEpoch;
            if (config.progress() != null && (records % config.logEvery() == 0 || epochEnded || step == total)) {
                config.progress().accept(ProgressLine.of(r, total));
            }
            if (epochEnded) {
                endEpoch(step / perEpoch - 1, step);
            }
            boolean due = config.checkpointEvery() > 0 && step / config.checkpointEvery() > before / config.checkpointEvery();
            if (due || (step == total && config.checkpoint() != null)) {
                SparkCheckpoint.write(config.checkpoint(), model, optimizer, position(step), identity);
            }
        }
        return history;
    }

    private StepRecord step(SyncStep sync, long step) {
        long t0 = System.nanoTime();
        int[] batch = batches.batch(step);
        if (config.schedule() != null) {
            optimizer.setLearningRateFactor(config.schedule().at(step));
        }
        SyncStep.Result res = sync.run(ParameterVectors.values(params), batch, true);
        long t1 = System.nanoTime();
        ParameterVectors.setGradients(params, res.sum().gradientSum(), 1.0 / batch.length);
        optimizer.step();
        long t2 = System.nanoTime();
        double compute = res.sum().computeNanos() / 1e6;
        return new StepRecord(step + 1, batches.epochOf(step), 1, res.sum().rows(),
                res.sum().lossSum() / res.sum().rows(), compute, Math.max(0, res.jobMs() - compute), res.broadcastMs(),
                (t2 - t1) / 1e6, (t2 - t0) / 1e6, res.bytesBroadcast(), res.bytesAggregated());
    }

    private StepRecord round(LocalSgdRound local, long step, int k) {
        long t0 = System.nanoTime();
        double[] factors = null;
        if (config.schedule() != null) {
            factors = new double[k];
            for (int j = 0; j < k; j++) {
                factors[j] = config.schedule().at(step + j);
            }
        }
        RoundInput in = new RoundInput(ParameterVectors.values(params), StateVectors.of(optimizer.state()), step, k,
                config.batchSize(), data.size(), config.dropLast(), config.seed(), factors);
        LocalSgdRound.Result res = local.run(in);
        long t1 = System.nanoTime();
        ParameterVectors.load(res.sum().averageWeights(), params);
        optimizer.load(res.sum().averageState().toState());
        long t2 = System.nanoTime();
        double compute = res.sum().computeNanos() / 1e6;
        return new StepRecord(step + k, batches.epochOf(step), k, res.sum().rows(),
                res.sum().lossSum() / res.sum().rows(), compute, Math.max(0, res.jobMs() - compute), res.broadcastMs(),
                (t2 - t1) / 1e6, (t2 - t0) / 1e6, res.bytesBroadcast(), res.bytesAggregated());
    }

    private SparkCheckpoint.Position position(long step) {
        return config.isLocalSgd() ? new SparkCheckpoint.Position(step, -1, null)
                : new SparkCheckpoint.Position(step, batches.epoch(), batches.epochStart());
    }

    private void endEpoch(long epoch, long step) {
        double metric = Double.NaN;
        if (config.evaluator() != null) {
            model.train(false);
            metric = config.evaluator().evaluate(model);
            model.train(true);
        }
        EpochRecord e = tally.close(epoch, step, metric);
        history.add(e);
        if (config.progress() != null) {
            config.progress().accept(ProgressLine.of(e));
        }
    }

    /** Sums of the records since the last epoch's end. */
    private static final class EpochTally {
        private double lossSum;
        private long samples;
        private double ms;
        private long sent;
        private long received;

        void add(StepRecord r) {
            lossSum += r.loss() * r.samples();
            samples += r.samples();
            ms += r.totalMs();
            sent += r.bytesBroadcast();
            received += r.bytesAggregated();
        }

        EpochRecord close(long epoch, long step, double metric) {
            EpochRecord e = new EpochRecord(epoch, step, lossSum / Math.max(1, samples), ms / 1e3, sent, received, metric);
            lossSum = 0;
            samples = 0;
            ms = 0;
            sent = 0;
            received = 0;
            return e;
        }
    }
}
