package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.cli.DataSpecs;
import io.descent.cli.SparkBackend;
import io.descent.data.LibSvmFormat;
import io.descent.nn.Module;
import io.descent.schedule.Schedule;
import io.descent.train.History;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code descent train --spark MASTER} (and {@code spark-submit descent-spark.jar train ...}): the command's run,
 * trained by {@link SparkTraining}; found by the command through {@code META-INF/services}. Local masters run embedded on 127.0.0.1 with the UI off; other masters (and
 * spark-submit's) take the cluster's settings.
 */
public final class CommandLineBackend implements SparkBackend {

    @Override
    public Outcome train(Job job) throws IOException {
        LossSpec loss = LossSpec.parse(job.lossName());
        // A session this process already runs (an application that embeds the command) is used and left running.
        boolean own = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session(job.master());
        try {
            int partitions = job.partitions() > 0 ? job.partitions() : spark.sparkContext().defaultParallelism();
            SparkData data = data(spark, job, partitions);
            if (!job.imageModel()) {
                data = data.flattened();
            }
            Module model = job.modelMaker().apply(data.shape().sample(), outputs(data.shape(), loss));
            SparkConfig config = config(job, data.size());
            job.out().printf("descent train on Spark (%s): %d training samples in %d partitions, %d parameters, loss %s, "
                            + "optimizer %s, %s%n", job.master(), data.size(), data.partitions(), model.parameterCount(),
                    job.lossName(), job.optimizerText(), config.isLocalSgd()
                            ? "local SGD with " + config.localSteps() + " local steps" : "synchronous steps");
            SparkBackend.OptimizerMaker maker = job.optimizer();
            History history = SparkTraining.fit(spark, model, loss, maker::create, data, config);
            data.unpersist();
            return new Outcome() {
                @Override
                public Module model() {
                    return model;
                }

                @Override
                public void writeHistory(Path file) throws IOException {
                    history.write(file);
                }
            };
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    private static SparkSession session(String master) {
        if (master.equals("local") || master.startsWith("local[")) {
            return SparkSessions.embedded(master);
        }
        // A cluster: its driver must be reachable from the executors, so no loopback binding here.
        return SparkSession.builder().master(master).appName("descent")
                .config("spark.ui.showConsoleProgress", "false").getOrCreate();
    }

    private static SparkData data(SparkSession spark, Job job, int partitions) {
        Data d = job.data();
        if (d.train() != null) {
            if (partitions > d.train().size()) {
                throw new InvalidInputException("--partitions", "", partitions + " partitions for "
                        + d.train().size() + " training samples");
            }
            return SparkData.of(spark, d.train(), partitions);
        }
        String spec = d.distributedSpec();
        DataSpecs.CsvOptions csv = d.csvOptions();
        if (spec.startsWith("libsvm:")) {
            LibSvmFormat f = LibSvmFormat.DEFAULT;
            return SparkReaders.libsvm(spark, spec.substring(7), csv.classes() ? f.asClasses() : f, partitions);
        }
        return SparkReaders.csv(spark, spec.substring(4), csv.format(), partitions);
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

    private static SparkConfig config(Job job, int samples) {
        int stepsPerEpoch = (samples + job.batchSize() - 1) / job.batchSize();
        SparkConfig c = SparkConfig.defaults().withBatchSize(job.batchSize()).withEpochs(job.epochs())
                .withSeed(job.seed())
                .withAggregation(job.aggregation().equals("ordered") ? Aggregation.ORDERED : Aggregation.TREE, 2)
                .withProgress(job.out()::println, job.logEvery());
        if (job.localSteps() > 0) {
            c = c.withLocalSgd(job.localSteps());
        }
        if (job.checkpoint() != null) {
            c = c.withCheckpoint(job.checkpoint(), job.checkpointEveryEpochs() * stepsPerEpoch);
        }
        if (job.resume() != null) {
            c = c.withResumeFrom(job.resume());
        }
        Schedule s = job.schedule();
        if (s != null) {
            c = c.withSchedule(job.schedulePerEpoch() ? t -> s.at(t / stepsPerEpoch) : s);
        }
        return c;
    }
}
