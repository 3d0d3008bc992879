package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.schedule.Schedule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.BiFunction;

/**
 * Training on Apache Spark for {@code descent train --spark MASTER}. The {@code descent-spark} module provides it
 * (found through {@link ServiceLoader}), so this module and its jar need no Spark: the launcher puts the Spark
 * module and Spark's jars on the class path when {@code --spark} is given, and {@code spark-submit} runs the same
 * command from {@code descent-spark.jar}.
 */
public interface SparkBackend {

    /** Builds the optimizer from the command's spec; serializable because local SGD builds it on every executor. */
    @FunctionalInterface
    interface OptimizerMaker extends Serializable {
        Optimizer create(List<Parameter> parameters);
    }

    /**
     * Where the training samples are: loaded by this process ({@code train}, with {@code validation} and
     * {@code test} when there are any), or a {@code csv:}/{@code libsvm:} URL that Spark's executors read
     * where it lives (then {@code train} is null).
     */
    record Data(Dataset train, Dataset validation, Dataset test, String distributedSpec,
                DataSpecs.CsvOptions csvOptions) {
    }

    /** One training run as the command line describes it. */
    record Job(String master, Data data, BiFunction<int[], Integer, Module> modelMaker, boolean imageModel,
               LossSpec loss, OptimizerMaker optimizer, String optimizerText, Schedule schedule, boolean schedulePerEpoch,
               int batchSize,
               long seed, int epochs, int partitions, int localSteps, String aggregation, Path checkpoint,
               int checkpointEveryEpochs, Path resume, int logEvery, PrintWriter out) {
    }

    /** What a run leaves: the trained model and a history that can be written as .csv or .json. */
    interface Outcome {
        Module model();

        void writeHistory(Path file) throws IOException;
    }

    /** Trains as {@code job} says and returns the trained model; Spark is stopped before it returns. */
    Outcome train(Job job) throws IOException;

    /**
     * Whether {@code --data} names a {@code csv:} or {@code libsvm:} URL with a scheme ({@code hdfs://},
     * {@code s3a://}, {@code file://}): Spark's executors read it where it lives instead of this process.
     */
    static boolean readsWhereDataLives(String dataSpec) {
        return (dataSpec.startsWith("csv:") || dataSpec.startsWith("libsvm:")) && dataSpec.contains("://");
    }

    /** The backend on the class path, or a clear error saying how to get one. */
    static SparkBackend load() {
        return ServiceLoader.load(SparkBackend.class).findFirst().orElseThrow(() -> new InvalidInputException("--spark",
                "", "Spark is not on this command's class path: run it through the ./descent launcher (which adds "
                        + "spark/target/descent-spark.jar and Spark's jars) or through spark-submit with descent-spark.jar"));
    }
}
