package io.descent.cli;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * The seam between {@code descent tune --spark MASTER} and the module that runs its segments on a cluster (spark-cli,
 * found through {@link ServiceLoader}; this module does not depend on Spark): each {@link Request} is one trial's
 * segment, sent whole (task, trial, epochs and the checkpoint it continues from; {@link SegmentCodec} turns
 * it into bytes for a cluster) and run by
 * {@link TuneSegments#run} wherever the cluster puts it, so that no executor needs this process's files.
 */
public interface TrialCluster extends AutoCloseable {
    /** Runs one segment as one task of the cluster. */
    CompletableFuture<Result> submit(Request request);

    @Override
    void close();

    /** Opens a cluster for {@code master}, running up to {@code parallel} segments at once. */
    interface Factory {
        TrialCluster open(String master, int parallel);
    }

    static Optional<Factory> find() {
        return ServiceLoader.load(Factory.class).findFirst();
    }

    /**
     * One segment: the task's options (as {@link TuneSegments#taskOptions} writes them), the trial's settings, and
     * the checkpoint at {@code fromEpochs} (empty when 0).
     */
    record Request(Map<String, String> task, int trial, String optimizer, int batchSize, String model,
                   Map<String, String> searched, int fromEpochs, int toEpochs, byte[] checkpoint) {
    }

    /** What a segment gives back: its history (JSON), seconds, why it diverged (or null) and its checkpoint. */
    record Result(String historyJson, double seconds, String diverged, byte[] checkpoint) {
    }
}
