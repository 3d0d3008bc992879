package io.descent.train;

import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.tensor.DType;
import io.descent.tensor.GradientSupport;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call of {@link Trainer#fit}: the loop over epochs and batches of a {@link StepSource}, with everything a run
 * shares whatever computes its steps: callbacks, schedules, accumulation, the NaN guard, the history, and the
 * state a checkpoint needs ({@link RunCheckpoint}).
 */
final class TrainingRun implements TrainingContext, StepSource.StepClock {
    final Trainer.Builder config;
    final Module model;
    final Optimizer optimizer;
    final StepSource source;
    private final Validation validation;
    private final int epochs;
    final List<Callback> callbacks;
    History history = new History();
    int epoch;
    long step;
    /** The epoch in progress, carried across a checkpoint taken in its middle. */
    final EpochSums sums = new EpochSums();
    private int pending;
    /** Whether an epoch's batches are running (a checkpoint now is one in the middle of the epoch). */
    boolean inEpoch;
    private Path lastCheckpoint;
    private boolean resumed;
    /** The model's named parameters, listed at the first check (namedParameters() builds a map each call). */
    private List<Map.Entry<String, Parameter>> named;

    TrainingRun(Trainer.Builder config, Module model, Optimizer optimizer, StepSource source, Validation validation,
            int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs = " + epochs + " must be >= 0");
        }
        if (source.updatesWeights() && config.accumulation() != 1) {
            throw new IllegalArgumentException("gradient accumulation = " + config.accumulation() + ": the step source "
                    + source.describe().get("source") + " takes its steps itself; accumulation needs a gradient source");
        }
        this.config = config;
        this.model = model;
        this.optimizer = optimizer;
        this.source = source;
        this.validation = validation;
        this.epochs = epochs;
        this.callbacks = List.copyOf(config.callbacks());
    }

    History execute() throws IOException {
        if (config.plateau() != null) {
            config.plateau().forBaseRate(optimizer.groups().stream().mapToDouble(g -> g.baseLr()).filter(r -> r > 0).max().orElse(1));
        }
        optimizer.trainMode();   // a second fit with the same schedule-free optimizer goes back to y
        try {
            if (config.resumeFrom() != null) {
                RunCheckpoint.resume(this, config.resumeFrom());
                lastCheckpoint = config.resumeFrom();
                resumed = true;
            }
            callbacks.forEach(c -> c.onTrainBegin(this));
            while (epoch < epochs) {
                epoch++;
                if (trainEpoch() == Decision.STOP) {
                    break;
                }
            }
            optimizer.evalMode();   // the weights to use from now on: schedule-free's x
        } finally {
            model.train(true);
            source.close();
        }
        callbacks.forEach(c -> c.onTrainEnd(this));
        return history;
    }

    private Decision trainEpoch() {
        model.train(true);
        if (config.schedule() != null && config.scheduleUnit() == Trainer.ScheduleUnit.EPOCH) {
            optimizer.setLearningRateFactor(lrFactor(epoch - 1));
        }
        sums.startIfFresh(System.nanoTime());
        Decision decision = Decision.CONTINUE;
        optimizer.zeroGrad();
        // A checkpoint written after an epoch's last batch but before its end resumes straight into the epoch's end.
        boolean batchesDone = sums.batches > 0 && sums.batches >= source.batchesPerEpoch();
        if (!batchesDone) {
            source.beginEpoch(epoch);
        }
        inEpoch = true;
        double scale = 1.0 / config.accumulation();
        while (!batchesDone && source.hasNext()) {
            sums.batches++;
            if (source.updatesWeights()) {
                setStepLearningRate();
            }
            StepSource.BatchResult r = source.next(scale, this);
            if (!Double.isFinite(r.loss())) {
                throw diverged("the loss is " + r.loss());
            }
            sums.add(r);
            if (source.updatesWeights()) {
                step += r.steps();
                afterUpdate(false);
            } else if (++pending == config.accumulation()) {
                applyStep();
            }
            if (!r.metrics().isEmpty()) {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("loss", r.loss());
                m.putAll(r.metrics());
                history.add(new StepRecord(step, epoch, m));
            }
            for (Callback c : callbacks) {
                decision = decision.and(c.onBatchEnd(this, sums.batches, r.loss()));
            }
            if (decision == Decision.STOP) {
                break;
            }
        }
        if (pending > 0) {
            applyStep();
        }
        inEpoch = false;
        EpochRecord record = closeEpoch();
        history.add(record);
        if (config.plateau() != null) {
            config.plateau().update(record.get(config.plateauMonitor()));
            optimizer.setLearningRateFactor(lrFactor(config.scheduleUnit() == Trainer.ScheduleUnit.EPOCH ? epoch : step));
        }
        for (Callback c : callbacks) {
            decision = decision.and(c.onEpochEnd(this, record));
        }
        return decision;
    }

    private EpochRecord closeEpoch() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_loss", sums.lossSum / Math.max(1, sums.seen));
        if (source.isClassification() && sums.correct >= 0) {
            m.put("train_accuracy", (double) sums.correct / Math.max(1, sums.seen));
        }
        if (validation != null) {
            Map<String, Double> v;
            optimizer.evalMode();   // measured where it will be used (schedule-free's x), trained on at y
            try {
                v = validation.evaluate(model);
            } finally {
                optimizer.trainMode();
            }
            Double loss = v.get("val_loss");
            if (loss != null && !Double.isFinite(loss)) { // before any callback can save these weights as a checkpoint
                throw divergedAfterEpoch("the validation loss is " + loss);
            }
            m.putAll(v);
        }
        if (!optimizer.groups().isEmpty()) {
            m.put("lr", optimizer.groups().get(0).lr());
        }
        m.put("seconds", sums.seconds(System.nanoTime()));
        sums.clear();
        return new EpochRecord(epoch, m);
    }

    private void setStepLearningRate() {
        if (config.schedule() != null && config.scheduleUnit() == Trainer.ScheduleUnit.STEP) {
            optimizer.setLearningRateFactor(lrFactor(step));
        }
    }

    private void applyStep() {
        setStepLearningRate();
        optimizer.step();
        step++;
        pending = 0;
        afterUpdate(true);
        optimizer.zeroGrad();
    }

    /** @param ownStep whether {@link #optimizer} took the step (not the step source), so it can say what changed */
    private void afterUpdate(boolean ownStep) {
        if (config.checkFinite()) {
            checkParameters(ownStep);
        }
    }

    double lrFactor(long t) {
        double f = config.schedule() == null ? 1 : config.schedule().at(t);
        return config.plateau() == null ? f : f * config.plateau().factor();
    }

    @Override
    public double learningRateFactor(long t) {
        return lrFactor(config.scheduleUnit() == Trainer.ScheduleUnit.STEP ? t : epoch - 1);
    }

    /**
     * The NaN guard. After a step that leaves zero-gradient weights as they are (SGD or AdaGrad on a weight only a
     * sparse layer wrote, {@link Optimizer#lastStepSupport}) only the support's elements changed: the others were finite at
     * the last check, so those are all it reads (a few thousand of 10^5 weights). The first check reads all.
     */
    private void checkParameters(boolean ownStep) {
        boolean first = named == null;
        if (first) {
            named = List.copyOf(model.namedParameters().entrySet());
        }
        for (Map.Entry<String, Parameter> e : named) {
            Tensor v = e.getValue().value();
            GradientSupport changed = ownStep && !first ? optimizer.lastStepSupport(e.getValue()) : null;
            if (changed != null ? !allFiniteAt(v, changed) : !allFinite(v)) {
                Tensor g = e.getValue().grad();
                String cause = g != null && !allFinite(g) ? " (its gradient holds NaN or Infinity)" : "";
                throw diverged("parameter '" + e.getKey() + "' holds NaN or Infinity after the optimizer step" + cause);
            }
        }
    }

    private TrainingDivergedException diverged(String what) {
        return new TrainingDivergedException("training diverged at epoch " + epoch + ", step " + (step + 1)
                + " (batch " + sums.batches + " of " + source.batchesPerEpoch() + "): " + what + "; " + lastGood(),
                history);
    }

    private TrainingDivergedException divergedAfterEpoch(String what) {
        return new TrainingDivergedException("training diverged at epoch " + epoch + ", after step " + step
                + ": " + what + "; " + lastGood(), history);
    }

    private String lastGood() {
        return lastCheckpoint == null ? "no checkpoint was written" : "the last good checkpoint is " + lastCheckpoint;
    }

    /** Whether the elements of t in the support's columns are all finite. */
    static boolean allFiniteAt(Tensor t, GradientSupport support) {
        int[] cols = support.columns();
        int n = support.count();
        int w = support.width();
        int rows = support.rows();
        int o = t.offset();
        if (t.dtype() == DType.FLOAT32 && rows == 1) {
            // One test per 8 elements, as allFinite: with a test per element, this check of 7,400 scattered
            // columns of 10^5 took 10 us a step of a sparse logistic regression, a tenth of the step.
            float[] a = t.floats();
            int k = 0;
            for (; k + 8 <= n; k += 8) {
                int i0 = o + cols[k], i1 = o + cols[k + 1], i2 = o + cols[k + 2], i3 = o + cols[k + 3];
                int i4 = o + cols[k + 4], i5 = o + cols[k + 5], i6 = o + cols[k + 6], i7 = o + cols[k + 7];
                float z = (a[i0] - a[i0]) + (a[i1] - a[i1]) + (a[i2] - a[i2]) + (a[i3] - a[i3])
                        + (a[i4] - a[i4]) + (a[i5] - a[i5]) + (a[i6] - a[i6]) + (a[i7] - a[i7]);
                if (z != 0) {
                    return false;
                }
            }
            for (; k < n; k++) {
                int i = o + cols[k];
                if (a[i] - a[i] != 0) {
                    return false;
                }
            }
        } else if (t.dtype() == DType.FLOAT32) {
            float[] a = t.floats();
            for (int k = 0; k < n; k++) {
                for (int j = 0, i = o + cols[k]; j < rows; j++, i += w) {
                    if (a[i] - a[i] != 0) {
                        return false;
                    }
                }
            }
        } else {
            double[] a = t.doubles();
            for (int k = 0; k < n; k++) {
                for (int j = 0, i = o + cols[k]; j < rows; j++, i += w) {
                    if (a[i] - a[i] != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Whether every element of t is finite. x - x is 0 for finite x and NaN for NaN or infinity, and a sum of
     * such terms is 0 or NaN: one test per 8 elements, whose subtractions run independently (one test per
     * element made this guard a quarter of a sparse logistic regression's epoch on 10^5 weights).
     */
    static boolean allFinite(Tensor t) {
        int n = t.size();
        int o = t.offset();
        int i = 0;
        if (t.dtype() == DType.FLOAT32) {
            float[] a = t.floats();
            for (; i + 8 <= n; i += 8) {
                int k = o + i;
                float z = (a[k] - a[k]) + (a[k + 1] - a[k + 1]) + (a[k + 2] - a[k + 2]) + (a[k + 3] - a[k + 3])
                        + (a[k + 4] - a[k + 4]) + (a[k + 5] - a[k + 5]) + (a[k + 6] - a[k + 6]) + (a[k + 7] - a[k + 7]);
                if (z != 0) {
                    return false;
                }
            }
            for (; i < n; i++) {
                if (a[o + i] - a[o + i] != 0) {
                    return false;
                }
            }
        } else {
            double[] a = t.doubles();
            for (; i + 8 <= n; i += 8) {
                int k = o + i;
                double z = (a[k] - a[k]) + (a[k + 1] - a[k + 1]) + (a[k + 2] - a[k + 2]) + (a[k + 3] - a[k + 3])
                        + (a[k + 4] - a[k + 4]) + (a[k + 5] - a[k + 5]) + (a[k + 6] - a[k + 6]) + (a[k + 7] - a[k + 7]);
                if (z != 0) {
                    return false;
                }
            }
            for (; i < n; i++) {
                if (a[o + i] - a[o + i] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------ context

    @Override
    public void saveCheckpoint(Path path) throws IOException {
        if (pending != 0) {
            throw new IllegalStateException("a checkpoint between the batches of one accumulated step would lose their "
                    + "gradients: save it when betweenSteps() is true");
        }
        RunCheckpoint.write(this, path);
        lastCheckpoint = path;
    }

    @Override
    public boolean betweenSteps() {
        return pending == 0;
    }

    @Override
    public boolean resumed() {
        return resumed;
    }

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
        return source.batchesPerEpoch();
    }

    @Override
    public Optional<Path> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }

    /** The running sums of the epoch in progress; a checkpoint in its middle saves them, so resuming loses nothing. */
    static final class EpochSums {
        double lossSum;
        long seen;
        /** -1 once a batch did not count its correct rows. */
        long correct;
        int batches;
        /** Seconds of the epoch spent before a resume, plus the time since {@link #start}. */
        double secondsBefore;
        private long start;
        private boolean running;

        void startIfFresh(long now) {
            start = now;
            running = true;
        }

        void add(StepSource.BatchResult r) {
            lossSum += r.loss() * r.samples();
            seen += r.samples();
            correct = r.correct() < 0 || correct < 0 ? -1 : correct + r.correct();
        }

        double seconds(long now) {
            return secondsBefore + (running ? (now - start) / 1e9 : 0);
        }

        void clear() {
            lossSum = 0;
            seen = 0;
            correct = 0;
            batches = 0;
            secondsBefore = 0;
            running = false;
        }
    }
}
