package io.descent.train;

import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.objective.Erm;
import io.descent.optim.ClosureOptimizer;
import io.descent.optim.Newton;
import io.descent.optim.NewtonConfig;
import io.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training with methods that need the whole objective: Newton's method (on the empirical risk, see
 * {@link Erm}) and closure optimizers such as L-BFGS, which evaluate the full-batch loss themselves. Each
 * epoch is one step of the method over the whole training set; the history has the same metrics as
 * {@link Trainer}'s.
 */
public final class FullBatchTrainer {
    private final List<Callback> callbacks;
    private final int evalBatchSize;

    public FullBatchTrainer(List<Callback> callbacks, int evalBatchSize) {
        this.callbacks = List.copyOf(callbacks);
        this.evalBatchSize = evalBatchSize;
    }

    /** One Newton step per epoch; the model should be small ({@link NewtonConfig#maxParameters()}). */
    public History fitNewton(Module model, Loss loss, NewtonConfig config, Dataset train, Dataset validation, int epochs) {
        requireFinite(train, validation);
        Erm risk = new Erm(model, train.features(), train.targets(), loss::apply);
        Newton newton = new Newton(risk, config);
        Tensor w = risk.parameters();
        return loop(model, loss, train, validation, epochs, () -> {
            Newton.Step s = newton.step(w);
            risk.load(w);
            return s.value();
        });
    }

    /** One {@link ClosureOptimizer#step} per epoch with the full-batch loss as the closure. */
    public History fitClosure(Module model, Loss loss, ClosureOptimizer optimizer, Dataset train, Dataset validation,
            int epochs) {
        requireFinite(train, validation);
        return loop(model, loss, train, validation, epochs, () -> {
            optimizer.step(() -> {
                optimizer.zeroGrad();
                Tensor l = loss.apply(model.forward(train.features()), train.targets());
                l.backward();
                return l.item();
            });
            return Evaluation.of(model, loss, train, evalBatchSize, 1).loss();
        });
    }

    private static void requireFinite(Dataset train, Dataset validation) {
        train.requireFinite("training data");
        if (validation != null) {
            validation.requireFinite("validation data");
        }
    }

    private interface StepFn {
        double step();
    }

    private History loop(Module model, Loss loss, Dataset train, Dataset validation, int epochs, StepFn step) {
        History history = new History();
        Context ctx = new Context(model, history, epochs);
        for (int e = 1; e <= epochs; e++) {
            long start = System.nanoTime();
            ctx.epoch = e;
            double value = step.step();
            if (!Double.isFinite(value)) {
                throw new TrainingDivergedException("training diverged at epoch " + e + ", step " + e
                        + ": the loss is " + value + "; no checkpoint was written", history);
            }
            Map<String, Double> m = new LinkedHashMap<>();
            Evaluation tr = Evaluation.of(model, loss, train, evalBatchSize, 1);
            m.put("train_loss", tr.loss());
            if (train.isClassification()) {
                m.put("train_accuracy", tr.accuracy());
            }
            if (validation != null) {
                Evaluation v = Evaluation.of(model, loss, validation, evalBatchSize, 1);
                m.put("val_loss", v.loss());
                if (validation.isClassification()) {
                    m.put("val_accuracy", v.accuracy());
                }
            }
            m.put("seconds", (System.nanoTime() - start) / 1e9);
            EpochRecord r = new EpochRecord(e, m);
            history.add(r);
            Decision d = Decision.CONTINUE;
            for (Callback c : callbacks) {
                d = d.and(c.onEpochEnd(ctx, r));
            }
            if (d == Decision.STOP) {
                break;
            }
        }
        callbacks.forEach(c -> c.onTrainEnd(ctx));
        return history;
    }

    /** Full-batch runs have no minibatch optimizer and write no checkpoints. */
    private static final class Context implements TrainingContext {
        private final Module model;
        private final History history;
        private final int epochs;
        private int epoch;

        Context(Module model, History history, int epochs) {
            this.model = model;
            this.history = history;
            this.epochs = epochs;
        }

        @Override
        public Module model() {
            return model;
        }

        @Override
        public io.descent.optim.Optimizer optimizer() {
            throw new UnsupportedOperationException("full-batch methods have no minibatch optimizer");
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
            return epoch;
        }

        @Override
        public int batchesPerEpoch() {
            return 1;
        }

        @Override
        public void saveCheckpoint(java.nio.file.Path path) {
            throw new UnsupportedOperationException("full-batch runs write no checkpoints");
        }

        @Override
        public java.util.Optional<java.nio.file.Path> lastCheckpoint() {
            return java.util.Optional.empty();
        }
    }
}
