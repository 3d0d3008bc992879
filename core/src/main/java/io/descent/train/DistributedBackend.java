package io.descent.train;

import io.descent.data.CsvFormat;
import io.descent.data.Dataset;
import io.descent.data.LibSvmFormat;
import io.descent.data.RowSplit;
import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.BiFunction;

/**
 * Data-parallel training that a module on the class path plugs in through {@link ServiceLoader}: the
 * {@code descent-spark} module provides the one there is, for {@code descent train --spark MASTER}. It lives in
 * core, with only core types in its records, so that the command line and the Spark module need not know each
 * other: the command line finds it when it is there, and the Spark module needs no command line.
 */
public interface DistributedBackend {

    /** Builds the optimizer from the command's spec; serializable because local SGD builds it on every executor. */
    @FunctionalInterface
    interface OptimizerMaker extends Serializable {
        Optimizer create(List<Parameter> parameters);
    }

    /**
     * Where the training samples are: loaded by this process ({@code train}, with {@code validation} and
     * {@code test} when there are any), or a {@code csv:}/{@code libsvm:} URL ({@code distributedSpec}) that the
     * backend's executors read where it lives with {@code csv} or {@code libsvm} (then {@code train} is null).
     */
    record Data(Dataset train, Dataset validation, Dataset test, String distributedSpec, CsvFormat csv,
                LibSvmFormat libsvm, RowSplit heldOut) {

        /** Samples this process loaded. */
        public static Data loaded(Dataset train, Dataset validation, Dataset test) {
            return new Data(train, validation, test, null, null, null, null);
        }

        /** A {@code csv:URL} or {@code libsvm:URL} that the executors read, with the format for each kind. */
        public static Data whereItLives(String distributedSpec, CsvFormat csv, LibSvmFormat libsvm) {
            return whereItLives(distributedSpec, csv, libsvm, null);
        }

        /**
         * The same with the rows {@code heldOut} puts aside (by their lines' byte offsets, as single-machine
         * reading does) evaluated where they live at the end; null for none.
         */
        public static Data whereItLives(String distributedSpec, CsvFormat csv, LibSvmFormat libsvm, RowSplit heldOut) {
            return new Data(null, null, null, distributedSpec, csv, libsvm, heldOut);
        }
    }

    /**
     * One training run as the command line describes it. {@code loop} holds the one training loop's settings (seed,
     * accumulation, schedule, early stopping, checkpoints, resume) exactly as without Spark; the backend adds its
     * step source, its progress lines and the validation data.
     */
    record Job(String master, Data data, BiFunction<int[], Integer, Module> modelMaker, boolean imageModel,
               LossSpec loss, OptimizerMaker optimizer, String optimizerText, int batchSize, long seed, int epochs,
               int partitions, int localSteps, String aggregation, int logEvery, PrintWriter out,
               Trainer.Builder loop) {
    }

    /** What a run leaves: the trained model and a history that can be written as .csv or .json. */
    interface Outcome {
        Module model();

        /**
         * The final figures on held-out rows the backend evaluated where they live (data read by its executors),
         * as the line single-machine runs end with; empty when the command evaluates them itself.
         */
        default Optional<String> heldOutLine() {
            return Optional.empty();
        }

        void writeHistory(Path file) throws IOException;
    }

    /** Trains as {@code job} says and returns the trained model; the backend's engine is stopped before it returns. */
    Outcome train(Job job) throws IOException;

    /** The backend on the class path, if there is one. */
    static Optional<DistributedBackend> find() {
        return ServiceLoader.load(DistributedBackend.class).findFirst();
    }
}
