package io.descent.spark;

import io.descent.schedule.Schedule;
import io.descent.train.Validation;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Settings of a distributed training run, defaults in {@link #defaults()}, checked when built.
 *
 * <pre>{@code
 * SparkConfig c = SparkConfig.defaults().withBatchSize(256).withEpochs(5).withSeed(42)
 *         .withLocalSgd(8)                                  // omit for synchronous steps
 *         .withCheckpoint(Path.of("run"), 100)
 *         .withProgress(System.err::println);
 * }</pre>
 *
 * @param batchSize       samples per global minibatch (all workers together)
 * @param epochs          passes over the data, when {@code steps} is 0
 * @param steps           global steps to reach, or 0 to train for {@code epochs}
 * @param seed            seed of the minibatch order
 * @param dropLast        drop the short last batch of each epoch (as the single-machine loader's flag)
 * @param localSteps      0 for synchronous steps; k &gt;= 1 for local SGD: every partition takes k steps on its own
 *                        rows (batches of its share of {@code batchSize}) between two averagings
 * @param aggregation     how results are added up (tree, or in partition order for bit-reproducible runs)
 * @param treeDepth       depth of the tree aggregation (2 or more)
 * @param checkpoint      the directory to write {@code last.safetensors} to (the one checkpoint format, as
 *                        {@link io.descent.train.Checkpointer}), or null for none
 * @param checkpointEvery a checkpoint every this many steps (0: at epoch ends and at the end only); needs
 *                        {@code checkpoint}
 * @param resumeFrom      a checkpoint to continue from, or null
 * @param schedule        learning-rate factor per step, or null for the optimizer's own rate
 * @param logEvery        a progress line every this many records (and at each epoch's end)
 * @param progress        where progress lines go, or null for silence
 * @param validation      held-out metrics computed at each epoch's end, or null
 */
public record SparkConfig(int batchSize, int epochs, long steps, long seed, boolean dropLast, int localSteps,
        Aggregation aggregation, int treeDepth, Path checkpoint, int checkpointEvery, Path resumeFrom,
        Schedule schedule, int logEvery, Consumer<String> progress, Validation validation) {

    public SparkConfig {
        require(batchSize > 0, "batch size must be positive, got " + batchSize);
        require(epochs > 0, "epochs must be positive, got " + epochs);
        require(steps >= 0, "steps must be 0 (train for the epochs) or positive, got " + steps);
        require(localSteps >= 0, "local steps must be 0 (synchronous) or positive, got " + localSteps);
        require(aggregation != null, "aggregation must be given");
        require(treeDepth >= 2, "tree depth must be 2 or more, got " + treeDepth);
        require(checkpointEvery >= 0, "checkpoint interval must be 0 or positive, got " + checkpointEvery);
        require(checkpointEvery == 0 || checkpoint != null, "a checkpoint interval needs a checkpoint path");
        require(logEvery > 0, "log interval must be positive, got " + logEvery);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("spark config: " + message);
        }
    }

    /** Batches of 128, one epoch, seed 0, synchronous, tree aggregation of depth 2, no checkpoints, silent. */
    public static SparkConfig defaults() {
        return new SparkConfig(128, 1, 0, 0, false, 0, Aggregation.TREE, 2, null, 0, null, null, 10, null, null);
    }

    public boolean isLocalSgd() {
        return localSteps > 0;
    }

    public SparkConfig withBatchSize(int v) {
        return new SparkConfig(v, epochs, steps, seed, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    public SparkConfig withEpochs(int v) {
        return new SparkConfig(batchSize, v, steps, seed, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    public SparkConfig withSteps(long v) {
        return new SparkConfig(batchSize, epochs, v, seed, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    public SparkConfig withSeed(long v) {
        return new SparkConfig(batchSize, epochs, steps, v, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    public SparkConfig withDropLast(boolean v) {
        return new SparkConfig(batchSize, epochs, steps, seed, v, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    /** Local SGD with {@code k} local steps per averaging. */
    public SparkConfig withLocalSgd(int k) {
        require(k >= 1, "local SGD takes at least 1 local step, got " + k);
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, k, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    public SparkConfig withSynchronous() {
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, 0, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    public SparkConfig withAggregation(Aggregation v, int depth) {
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, localSteps, v, depth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, validation);
    }

    /** Checkpoints into the directory {@code path} every {@code every} steps, at epoch ends and at the end. */
    public SparkConfig withCheckpoint(Path path, int every) {
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, localSteps, aggregation, treeDepth, path,
                every, resumeFrom, schedule, logEvery, progress, validation);
    }

    public SparkConfig withResumeFrom(Path v) {
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, v, schedule, logEvery, progress, validation);
    }

    public SparkConfig withSchedule(Schedule v) {
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, v, logEvery, progress, validation);
    }

    /** Progress lines to {@code sink} every {@code every} records and at each epoch's end. */
    public SparkConfig withProgress(Consumer<String> sink, int every) {
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, every, sink, validation);
    }

    /** Held-out metrics for every epoch's record ({@code val_loss}, {@code val_accuracy}), computed on the driver. */
    public SparkConfig withValidation(Validation v) {
        return new SparkConfig(batchSize, epochs, steps, seed, dropLast, localSteps, aggregation, treeDepth, checkpoint,
                checkpointEvery, resumeFrom, schedule, logEvery, progress, v);
    }
}
