package io.descent.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One way of computing a run's steps, plugged into the one training loop ({@link Trainer}): in-memory minibatches
 * ({@link MinibatchSource}), the whole training set for Newton's method and L-BFGS ({@link FullBatchSource}), and the
 * Spark module's synchronous data-parallel steps and local SGD rounds. The loop owns everything else once: epochs,
 * callbacks, schedules, gradient accumulation, the NaN guard and its exit status, history records and checkpoints.
 *
 * <p>Two kinds of source. A <em>gradient</em> source ({@link #updatesWeights()} false) computes a batch's loss and
 * adds {@code gradientScale} times its gradient into the parameters' {@code .grad}; the loop zeroes the gradients,
 * groups {@code accumulation} batches and calls the optimizer. A source that <em>updates the weights itself</em>
 * (a full-batch method's step, a round of local SGD) takes its step or steps inside {@link #next} and reports how
 * many it took; accumulation does not apply to it.
 *
 * <pre>{@code
 * StepSource source = new MinibatchSource(model, loss, new DataLoader(train, 128, true, false, seed));
 * History h = Trainer.builder().build().fit(model, optimizer, source, Validation.of(val, loss), 10);
 * }</pre>
 */
public interface StepSource {

    /** Batches in one epoch (for a source that updates the weights itself: calls of {@link #next} per epoch). */
    int batchesPerEpoch();

    /**
     * Prepares the batches of {@code epoch} (1-based): a new order, a new round of partitions. Called once before
     * each epoch's first {@link #next}, also for the epoch a resumed run continues in the middle of.
     */
    void beginEpoch(int epoch);

    /** Whether the current epoch has another batch. */
    boolean hasNext();

    /**
     * Computes the next batch: its loss and, for a gradient source, {@code gradientScale} times its gradient added
     * into the parameters' gradients; a source that updates the weights takes its steps here.
     *
     * @param clock the run's position and learning-rate factors, for sources that take several steps in one call
     */
    BatchResult next(double gradientScale, StepClock clock);

    /** True when {@link #next} updates the weights itself (see the class comment). */
    default boolean updatesWeights() {
        return false;
    }

    /** Whether batches carry class labels, so that the epoch reports {@code train_accuracy}. */
    default boolean isClassification() {
        return false;
    }

    /**
     * Entries that describe this way of stepping in every checkpoint ({@code source}, and for Spark its partitions and
     * local steps); a resume with other entries is refused.
     */
    default Map<String, String> describe() {
        return Map.of("source", getClass().getSimpleName());
    }

    /** Writes the position inside the epoch and any random state into checkpoint entries (keys are private to it). */
    default void saveState(Map<String, String> metadata) {
    }

    /** Takes back what {@link #saveState} wrote; {@code file} names the checkpoint for error messages. */
    default void restoreState(String file, Map<String, String> metadata) {
    }

    /** Called once when the run ends, also when it fails: releases threads or cached data. */
    default void close() {
    }

    /** The part of a run a source can see while it computes: where the run is and the schedule ahead. */
    interface StepClock {
        /** Optimizer steps taken so far in the whole run. */
        long step();

        /** The learning-rate factor the run's schedule gives step {@code t} (0-based), 1 without a schedule. */
        double learningRateFactor(long t);
    }

    /**
     * What a batch gave.
     *
     * @param loss    the batch's mean loss (for a full-batch step: the loss after it)
     * @param samples rows it computed on
     * @param correct correctly classified rows among them, or -1 when the source does not count them
     * @param steps   optimizer steps it took itself (0 for a gradient source: the loop steps)
     * @param metrics per-step measurements the history keeps as a step record (compute and communication time,
     *                bytes shipped), empty for none
     */
    record BatchResult(double loss, long samples, long correct, int steps, Map<String, Double> metrics) {
        public BatchResult {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics)); // in the source's order
        }

        public static BatchResult of(double loss, long samples, long correct) {
            return new BatchResult(loss, samples, correct, 0, Map.of());
        }
    }

}
