package io.descent.train;

import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.optim.Optimizer;
import io.descent.schedule.ReduceOnPlateau;
import io.descent.schedule.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop: epochs over a {@link StepSource} (in-memory minibatches, full-batch Newton or L-BFGS, the
 * Spark module's data-parallel steps), with validation, callbacks, schedules, gradient accumulation, a NaN guard and
 * exact resumption from checkpoints. A new way of computing a step is one {@code StepSource}; nothing here changes.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().batchSize(128).seed(1)
 *         .callbacks(new EarlyStopping("val_loss", 3, 0, true), Checkpointer.every(dir, 1))
 *         .build();
 * History h = trainer.fit(model, new CrossEntropyLoss(), Optimizers.adam(model.parameters(), AdamConfig.defaults()),
 *         train, validation, 20);
 * }</pre>
 *
 * <p>One step of a gradient source: the batch goes through {@code model.forward}, the loss, {@code backward()};
 * every {@code accumulation} batches the optimizer steps and the gradients are zeroed. With accumulation k each
 * batch's loss is scaled by 1/k, so k batches of size b take the step one batch of size k b would (with mean
 * losses); a short group at the end of an epoch steps with what it has. A loss or parameter that is NaN or
 * infinite ends the run with {@link TrainingDivergedException}, whatever the source.
 *
 * <p>An optimizer that takes its gradients at another point than the one to use (schedule-free SGD and AdamW,
 * {@link Optimizer#evalMode}) is put in evaluation mode for each validation and when the run ends: the model
 * then holds the weights to evaluate and save, and checkpoints (written in training mode) resume exactly.
 */
public final class Trainer {
    /** When a {@link Schedule} advances: once per optimizer step or once per epoch. */
    public enum ScheduleUnit { STEP, EPOCH }

    private final Builder config;

    private Trainer(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code model} on minibatches of {@code train} for up to {@code epochs} epochs (fewer if a callback stops
     * it); validation may be null.
     *
     * @throws UncheckedIOException when a checkpoint cannot be read or written
     */
    public History fit(Module model, Loss loss, Optimizer optimizer, Dataset train, Dataset validation, int epochs) {
        train.requireFinite("training data");
        DataLoader loader = new DataLoader(train, config.batchSize, config.shuffle, config.dropLast, config.seed);
        return fit(model, optimizer, new MinibatchSource(model, loss, loader),
                Validation.of(validation, loss, config.evalBatchSize, config.topK), epochs);
    }

    /**
     * Trains {@code model} with the steps {@code source} computes; {@code optimizer} applies a gradient source's
     * gradients, and for every source holds the state that checkpoints keep and the learning rate schedules set.
     *
     * @param validation the held-out metrics for each epoch's record, or null
     * @throws UncheckedIOException when a checkpoint cannot be read or written
     */
    public History fit(Module model, Optimizer optimizer, StepSource source, Validation validation, int epochs) {
        try {
            return new TrainingRun(config, model, optimizer, source, validation, epochs).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** A full-batch run ({@link FullBatchSource#newton} or {@link FullBatchSource#closure}) through the one loop. */
    public History fit(Module model, FullBatchSource source, Validation validation, int epochs) {
        return fit(model, source.optimizer(), source, validation, epochs);
    }

    /** The trainer's settings, with their defaults in one place. */
    public static final class Builder {
        private int batchSize = 32;
        private long seed;
        private boolean shuffle = true;
        private boolean dropLast;
        private int accumulation = 1;
        private Schedule schedule;
        private ScheduleUnit scheduleUnit = ScheduleUnit.EPOCH;
        private ReduceOnPlateau plateau;
        private String plateauMonitor = "val_loss";
        private final List<Callback> callbacks = new ArrayList<>();
        private Path resumeFrom;
        private int evalBatchSize = 1000;
        private int topK = 5;
        private boolean checkFinite = true;
        private final Map<String, String> checkpointMetadata = new LinkedHashMap<>();
        private final Map<String, String> fingerprint = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder batchSize(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("batch size = " + v + " must be >= 1");
            }
            batchSize = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder shuffle(boolean v) {
            shuffle = v;
            return this;
        }

        public Builder dropLast(boolean v) {
            dropLast = v;
            return this;
        }

        /** Steps once every {@code k} batches with their gradients summed (each loss scaled by 1/k). */
        public Builder accumulation(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("gradient accumulation = " + k + " must be >= 1");
            }
            accumulation = k;
            return this;
        }

        /** A learning-rate schedule advanced per optimizer step or per epoch. */
        public Builder schedule(Schedule s, ScheduleUnit unit) {
            schedule = s;
            scheduleUnit = unit;
            return this;
        }

        /** Reduce-on-plateau reading {@code monitor} ("val_loss", "train_loss", ...) after each epoch. */
        public Builder plateau(ReduceOnPlateau p, String monitor) {
            plateau = p;
            plateauMonitor = monitor;
            return this;
        }

        public Builder callbacks(Callback... cs) {
            callbacks.addAll(List.of(cs));
            return this;
        }

        /** Continues the run saved in this checkpoint: same model, optimizer, data and settings expected. */
        public Builder resumeFrom(Path checkpoint) {
            resumeFrom = checkpoint;
            return this;
        }

        public Builder evalBatchSize(int v) {
            evalBatchSize = v;
            return this;
        }

        public Builder topK(int k) {
            topK = k;
            return this;
        }

        /** Whether to scan the parameters for NaN/Inf after every step (on by default). */
        public Builder checkFinite(boolean v) {
            checkFinite = v;
            return this;
        }

        /** Extra entries stored in every checkpoint (the command line stores its specs there). */
        public Builder checkpointMetadata(String key, String value) {
            checkpointMetadata.put(key, value);
            return this;
        }

        /**
         * A setting that defines the run (the data and its file's size and time, the model, loss, optimizer, seed,
         * batch size, ...): stored in every checkpoint, and {@link #resumeFrom} refuses a checkpoint whose run had
         * another value, listing each changed setting. Settings meant to change on resume (more epochs) are not given.
         */
        public Builder fingerprint(String setting, String value) {
            fingerprint.put(setting, value);
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }

        int accumulation() {
            return accumulation;
        }

        long seed() {
            return seed;
        }

        Schedule schedule() {
            return schedule;
        }

        ScheduleUnit scheduleUnit() {
            return scheduleUnit;
        }

        ReduceOnPlateau plateau() {
            return plateau;
        }

        String plateauMonitor() {
            return plateauMonitor;
        }

        List<Callback> callbacks() {
            return callbacks;
        }

        Path resumeFrom() {
            return resumeFrom;
        }

        boolean checkFinite() {
            return checkFinite;
        }

        Map<String, String> checkpointMetadata() {
            return checkpointMetadata;
        }

        Map<String, String> fingerprint() {
            return fingerprint;
        }
    }
}
