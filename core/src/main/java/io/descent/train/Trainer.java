package io.descent.train;

import io.descent.InvalidInputException;
import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.io.CheckpointFile;
import io.descent.loss.Loss;
import io.descent.nn.Dropout;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.schedule.ReduceOnPlateau;
import io.descent.schedule.Schedule;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Minibatch training with validation, callbacks, schedules, gradient accumulation, a NaN guard and exact
 * resumption from checkpoints.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().batchSize(128).seed(1)
 *         .callbacks(new EarlyStopping("val_loss", 3, 0, true), Checkpointer.every(dir, 1))
 *         .build();
 * History h = trainer.fit(model, new CrossEntropyLoss(), Optimizers.adam(model.parameters(), AdamConfig.defaults()),
 *         train, validation, 20);
 * }</pre>
 *
 * <p>One step: the loader's batch goes through {@code model.forward}, the loss, {@code backward()}; every
 * {@code accumulation} batches the optimizer steps and the gradients are zeroed. With accumulation k each
 * batch's loss is scaled by 1/k, so k batches of size b take the step one batch of size k b would (with mean
 * losses); a short group at the end of an epoch steps with what it has.
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

    /** Trains {@code model} for up to {@code epochs} epochs (fewer if a callback stops it); validation may be null. */
    public History fit(Module model, Loss loss, Optimizer optimizer, Dataset train, Dataset validation, int epochs)
            throws IOException {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs = " + epochs + " must be >= 0");
        }
        train.requireFinite("training data");
        if (validation != null) {
            validation.requireFinite("validation data");
        }
        Run run = new Run(model, loss, optimizer, train, validation, epochs);
        return run.execute();
    }

    /** One call of {@link #fit}: the loop and the state a checkpoint needs. */
    private final class Run implements TrainingContext {
        private final Module model;
        private final Loss loss;
        private final Optimizer optimizer;
        private final Dataset validation;
        private final int epochs;
        private final DataLoader loader;
        private final List<Callback> callbacks;
        private History history = new History();
        private int epoch;
        private long step;
        private Path lastCheckpoint;

        Run(Module model, Loss loss, Optimizer optimizer, Dataset train, Dataset validation, int epochs) {
            this.model = model;
            this.loss = loss;
            this.optimizer = optimizer;
            this.validation = validation;
            this.epochs = epochs;
            this.loader = new DataLoader(train, config.batchSize, config.shuffle, config.dropLast, config.seed);
            this.callbacks = List.copyOf(config.callbacks);
        }

        History execute() throws IOException {
            if (config.resumeFrom != null) {
                resume(config.resumeFrom);
            }
            callbacks.forEach(c -> c.onTrainBegin(this));
            try {
                while (epoch < epochs) {
                    epoch++;
                    Decision d = trainEpoch();
                    if (d == Decision.STOP) {
                        break;
                    }
                }
            } finally {
                model.train(true);
            }
            callbacks.forEach(c -> c.onTrainEnd(this));
            return history;
        }

        private Decision trainEpoch() {
            long start = System.nanoTime();
            model.train(true);
            if (config.schedule != null && config.scheduleUnit == ScheduleUnit.EPOCH) {
                optimizer.setLearningRateFactor(lrFactor(epoch - 1));
            }
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            int pending = 0;
            int batchIndex = 0;
            Decision decision = Decision.CONTINUE;
            optimizer.zeroGrad();
            for (Batch b : loader) {
                batchIndex++;
                Tensor out = model.forward(b.x());
                Tensor l = loss.apply(out, b.y());
                double value = l.item();
                if (!Double.isFinite(value)) {
                    throw diverged("the loss is " + value, batchIndex);
                }
                lossSum += value * b.size();
                seen += b.size();
                if (b.isClassification() && out.rank() == 2) {
                    correct += Metrics.correct(out, b.classes());
                }
                (config.accumulation == 1 ? l : l.mul(1.0 / config.accumulation)).backward();
                pending++;
                if (pending == config.accumulation) {
                    applyStep(batchIndex);
                    pending = 0;
                }
                for (Callback c : callbacks) {
                    decision = decision.and(c.onBatchEnd(this, batchIndex, value));
                }
                if (decision == Decision.STOP) {
                    break;
                }
            }
            if (pending > 0) {
                applyStep(batchIndex);
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train_loss", lossSum / Math.max(1, seen));
            if (loader.dataset().isClassification()) {
                m.put("train_accuracy", (double) correct / Math.max(1, seen));
            }
            if (validation != null) {
                Evaluation e = Evaluation.of(model, loss, validation, config.evalBatchSize, config.topK);
                if (!Double.isFinite(e.loss())) { // before any callback can save these weights as a checkpoint
                    throw divergedAfterEpoch("the validation loss is " + e.loss());
                }
                m.put("val_loss", e.loss());
                if (validation.isClassification()) {
                    m.put("val_accuracy", e.accuracy());
                    if (validation.numClasses() > config.topK) {
                        m.put("val_top" + config.topK, e.topKAccuracy());
                    }
                }
            }
            m.put("lr", optimizer.groups().get(0).lr());
            m.put("seconds", (System.nanoTime() - start) / 1e9);
            EpochRecord record = new EpochRecord(epoch, m);
            history.add(record);
            if (config.plateau != null) {
                config.plateau.update(record.get(config.plateauMonitor));
                optimizer.setLearningRateFactor(lrFactor(config.scheduleUnit == ScheduleUnit.EPOCH ? epoch : step));
            }
            for (Callback c : callbacks) {
                decision = decision.and(c.onEpochEnd(this, record));
            }
            return decision;
        }

        private double lrFactor(long t) {
            double f = config.schedule == null ? 1 : config.schedule.at(t);
            return config.plateau == null ? f : f * config.plateau.factor();
        }

        private void applyStep(int batchIndex) {
            if (config.schedule != null && config.scheduleUnit == ScheduleUnit.STEP) {
                optimizer.setLearningRateFactor(lrFactor(step));
            }
            optimizer.step();
            step++;
            if (config.checkFinite) {
                checkParameters(batchIndex);
            }
            optimizer.zeroGrad();
        }

        private void checkParameters(int batchIndex) {
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                Tensor v = e.getValue().value();
                if (!allFinite(v)) {
                    Tensor g = e.getValue().grad();
                    String cause = g != null && !allFinite(g) ? " (its gradient holds NaN or Infinity)" : "";
                    throw diverged("parameter '" + e.getKey() + "' holds NaN or Infinity after the optimizer step" + cause,
                            batchIndex);
                }
            }
        }

        private TrainingDivergedException diverged(String what, int batchIndex) {
            String last = lastCheckpoint == null ? "no checkpoint was written"
                    : "the last good checkpoint is " + lastCheckpoint;
            return new TrainingDivergedException("training diverged at epoch " + epoch + ", step " + (step + 1)
                    + " (batch " + batchIndex + " of " + loader.batchesPerEpoch() + "): " + what
                    + "; " + last, history);
        }

        private TrainingDivergedException divergedAfterEpoch(String what) {
            String last = lastCheckpoint == null ? "no checkpoint was written"
                    : "the last good checkpoint is " + lastCheckpoint;
            return new TrainingDivergedException("training diverged at epoch " + epoch + ", after step " + step
                    + ": " + what + "; " + last, history);
        }

        // ------------------------------------------------------------ checkpoints

        @Override
        public void saveCheckpoint(Path path) throws IOException {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>(config.checkpointMetadata);
            meta.put("epoch", Integer.toString(epoch));
            meta.put("step", Long.toString(step));
            meta.put("seed", Long.toString(config.seed));
            RunState.putLoader(meta, loader.state());
            RunState.dropouts(model).forEach((p, d) -> RunState.putRng(meta, "dropout." + p, d.rng().state()));
            if (config.plateau != null) {
                RunState.putPlateau(meta, config.plateau.state());
            }
            meta.put("history", history.toJson());
            for (int i = 0; i < callbacks.size(); i++) {
                Map<String, Tensor> ct = new LinkedHashMap<>();
                Map<String, String> cm = new LinkedHashMap<>();
                callbacks.get(i).saveState(ct, cm);
                String prefix = "callback." + i + ".";
                ct.forEach((n, t) -> tensors.put(prefix + n, t));
                cm.forEach((k, v) -> meta.put(prefix + k, v));
            }
            CheckpointFile.write(path, model, optimizer.state(), tensors, meta);
            lastCheckpoint = path;
        }

        /**
         * Restores everything from the checkpoint; a value that passed the file's checks but not a component's
         * own (a loader position past the epoch's end, a negative epoch) is the file's fault too.
         */
        private void resume(Path path) throws IOException {
            CheckpointFile.Contents c = CheckpointFile.read(path);
            try {
                restore(c);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(c.file(), "checkpoint", "cannot be resumed: " + e.getMessage(), e);
            }
            lastCheckpoint = path;
        }

        private void restore(CheckpointFile.Contents c) {
            String source = c.file();
            Map<String, String> meta = c.extraMetadata();
            c.restoreModel(model);
            optimizer.load(c.optimizer());
            loader.restore(RunState.loader(source, meta));
            for (Map.Entry<String, Dropout> d : RunState.dropouts(model).entrySet()) {
                d.getValue().rng().restore(RunState.rng(source, meta, "dropout." + d.getKey()));
            }
            if (config.plateau != null) {
                config.plateau.restore(RunState.plateau(source, meta));
            }
            history = History.fromJson(source, RunState.required(source, meta, "history"));
            long savedEpoch = RunState.longValue(source, meta, "epoch");
            step = RunState.longValue(source, meta, "step");
            if (savedEpoch < 0 || savedEpoch > Integer.MAX_VALUE || step < 0) {
                throw new InvalidInputException(source, "entries 'epoch' and 'step'", "epoch " + savedEpoch + " and step "
                        + step + " must be >= 0");
            }
            epoch = (int) savedEpoch;
            for (int i = 0; i < callbacks.size(); i++) {
                String prefix = "callback." + i + ".";
                Map<String, Tensor> ct = new LinkedHashMap<>();
                Map<String, String> cm = new LinkedHashMap<>();
                c.extraTensors().forEach((n, t) -> {
                    if (n.startsWith(prefix)) {
                        ct.put(n.substring(prefix.length()), t);
                    }
                });
                meta.forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        cm.put(k.substring(prefix.length()), v);
                    }
                });
                callbacks.get(i).restoreState(ct, cm, source);
            }
            if (config.plateau != null || config.schedule != null) {
                optimizer.setLearningRateFactor(lrFactor(config.scheduleUnit == ScheduleUnit.EPOCH ? epoch : step));
            }
        }

        // ------------------------------------------------------------ context

        @Override
        public Module model() {
            return model;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public History history() {
            return history;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public long step() {
            return step;
        }

        @Override
        public int batchesPerEpoch() {
            return loader.batchesPerEpoch();
        }

        @Override
        public Optional<Path> lastCheckpoint() {
            return Optional.ofNullable(lastCheckpoint);
        }
    }

    static boolean allFinite(Tensor t) {
        int n = t.size();
        int o = t.offset();
        if (t.dtype() == io.descent.tensor.DType.FLOAT32) {
            float[] a = t.floats();
            for (int i = 0; i < n; i++) {
                // x - x is 0 for finite x and NaN for NaN or infinity: one test per element.
                if (a[o + i] - a[o + i] != 0) {
                    return false;
                }
            }
        } else {
            double[] a = t.doubles();
            for (int i = 0; i < n; i++) {
                if (a[o + i] - a[o + i] != 0) {
                    return false;
                }
            }
        }
        return true;
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

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
