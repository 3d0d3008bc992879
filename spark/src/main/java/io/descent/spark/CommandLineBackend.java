package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.RowSplit;
import io.descent.loss.Labels;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;
import io.descent.nn.Module;
import io.descent.train.DistributedBackend;
import io.descent.train.History;
import io.descent.train.Validation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code descent train --spark MASTER} (and {@code spark-submit descent-spark.jar train ...}): the command's run,
 * trained by {@link SparkTraining}; found by the command through {@code META-INF/services}. Local masters run embedded on 127.0.0.1 with the UI off; other masters (and
 * spark-submit's) take the cluster's settings.
 */
public final class CommandLineBackend implements DistributedBackend {

    @Override
    public Outcome train(Job job) throws IOException {
        LossSpec loss = job.loss();
        // A session this process already runs (an application that embeds the command) is used and left running.
        boolean own = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session(job.master());
        try {
            int partitions = job.partitions() > 0 ? job.partitions() : spark.sparkContext().defaultParallelism();
            SparkReaders.ReadData read = data(spark, job, partitions);
            SparkData data = read.train();
            SparkData heldOut = read.heldOut();
            if (!job.imageModel()) {
                data = data.flattened();
                heldOut = heldOut == null ? null : heldOut.flattened();
            }
            Module model = job.modelMaker().apply(data.shape().sample(), outputs(data.shape(), loss));
            SparkConfig config = config(job);
            job.out().printf("descent train on Spark (%s): %d training samples in %d partitions, %d parameters, loss %s, "
                            + "optimizer %s, %s%n", job.master(), data.size(), data.partitions(), model.parameterCount(),
                    loss.name(), job.optimizerText(), config.isLocalSgd()
                            ? "local SGD with " + config.localSteps() + " local steps" : "synchronous steps");
            DistributedBackend.OptimizerMaker maker = job.optimizer();
            SparkSteps steps = SparkSteps.of(spark, model, loss, maker::create, data, config);
            Validation validation = job.data().validation() == null ? null
                    : Validation.of(job.data().validation(), loss.create(Reduction.MEAN));
            History history = job.loop().callbacks(new SparkProgress(job.out()::println, job.logEvery(),
                    (long) job.epochs() * steps.stepsPerEpoch())).build()
                    .fit(model, steps.optimizer(), steps, validation, job.epochs());
            data.unpersist();
            String heldOutLine = null;
            if (heldOut != null) {
                heldOutLine = SparkEvaluation.of("validation", spark, model, loss, heldOut).line();
                heldOut.unpersist();
            }
            String line = heldOutLine;
            return new Outcome() {
                @Override
                public Module model() {
                    return model;
                }

                @Override
                public Optional<String> heldOutLine() {
                    return Optional.ofNullable(line);
                }

                @Override
                public void writeHistory(Path file) throws IOException {
                    history.write(file);
                }
            };
        } catch (Exception e) { // SparkException is checked, and thrown undeclared by any action
            throw watchdogLineOr(e);
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    /**
     * A run the {@link ExecutorWatchdog} cancelled ends with its one line wherever the cancelled job ran (loading
     * the data, a step, the validation); any other failure passes unchanged, a checked Spark one unwrapped.
     */
    private static RuntimeException watchdogLineOr(Exception e) throws IOException {
        String lost = ExecutorWatchdog.lineIn(e);
        if (lost != null) {
            return new IllegalStateException(lost, e);
        }
        if (e instanceof IOException io) {
            throw io;
        }
        return e instanceof RuntimeException r ? r : SparkFailures.unwrap(e);
    }

    private static SparkSession session(String master) {
        // Local masters and clusters on 127.0.0.1 run bound to the loopback interface; another cluster's driver
        // must be reachable from its executors, so no loopback binding there.
        return SparkSessions.forCommand(master);
    }

    /** The training rows, and the held-out rows of data read where it lives (null for data loaded here). */
    private static SparkReaders.ReadData data(SparkSession spark, Job job, int partitions) {
        Data d = job.data();
        if (d.train() != null) {
            if (partitions > d.train().size()) {
                throw new InvalidInputException("--partitions", "", partitions + " partitions for "
                        + d.train().size() + " training samples");
            }
            return new SparkReaders.ReadData(SparkData.of(spark, d.train(), partitions), null);
        }
        String spec = d.distributedSpec();
        RowSplit split = d.heldOut() != null ? d.heldOut() : new RowSplit(0, 0);
        LossSpec loss = job.loss();
        Labels labels = loss.isMargin() ? loss.labels() : null; // both formats carry 0/1 or -1/+1 for margin losses
        if (spec.startsWith("libsvm:")) {
            return SparkReaders.libsvm(spark, spec.substring(7), d.libsvm(), labels, partitions, split,
                    BlockBounds.DEFAULT);
        }
        return SparkReaders.csv(spark, spec.substring(4), d.csv(), labels, partitions, split, BlockBounds.DEFAULT);
    }

    private static int outputs(DataShape shape, LossSpec loss) {
        if (loss.isClassification()) {
            if (shape.numClasses() < 2) {
                throw new InvalidInputException("--loss", "", "cross-entropy needs class labels; the data has "
                        + (shape.numClasses() == 0 ? "real-valued targets (use mse)" : "one class"));
            }
            return shape.numClasses();
        }
        return shape.targetSize();
    }

    /** Spark's own settings; everything else (schedule, checkpoints, resume) is the loop's, in {@code job.loop()}. */
    private static SparkConfig config(Job job) {
        SparkConfig c = SparkConfig.defaults().withBatchSize(job.batchSize()).withEpochs(job.epochs())
                .withSeed(job.seed())
                .withAggregation(job.aggregation().equals("ordered") ? Aggregation.ORDERED : Aggregation.TREE, 2);
        return job.localSteps() > 0 ? c.withLocalSgd(job.localSteps()) : c;
    }
}
