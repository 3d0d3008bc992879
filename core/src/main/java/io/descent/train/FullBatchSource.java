package io.descent.train;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.objective.Erm;
import io.descent.optim.ClosureOptimizer;
import io.descent.optim.Group;
import io.descent.optim.Newton;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.OptimizerState;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Methods that need the whole objective: Newton's method on the empirical risk ({@link Erm}), Newton-CG and
 * saddle-free Newton on its curvature products, and closure optimizers
 * such as L-BFGS, which evaluate the full-batch loss themselves. Each epoch is one step of the method over the whole
 * training set, taken by {@link #next}; the batch's loss and accuracy are those of the training set after the step.
 *
 * <pre>{@code
 * FullBatchSource newton = FullBatchSource.newton(model, loss, NewtonConfig.defaults(), train);
 * History h = Trainer.builder().build().fit(model, newton.optimizer(), newton, Validation.of(val, loss), 10);
 * }</pre>
 */
public final class FullBatchSource implements StepSource {
    private final Module model;
    private final Loss loss;
    private final Dataset train;
    private final Optimizer optimizer;
    private final int evalBatchSize;
    private boolean stepped;

    private FullBatchSource(Module model, Loss loss, Dataset train, Optimizer optimizer, int evalBatchSize) {
        this.model = model;
        this.loss = loss;
        this.train = train;
        this.optimizer = optimizer;
        this.evalBatchSize = evalBatchSize;
    }

    /** One Newton step per epoch; the model should be small ({@link NewtonConfig#maxParameters()}). */
    public static FullBatchSource newton(Module model, Loss loss, NewtonConfig config, Dataset train) {
        train.requireFinite("training data");
        Erm risk = new Erm(model, train.features(), train.targets(), loss::apply);
        return new FullBatchSource(model, loss, train, new NewtonSteps(new Newton(risk, config), risk), 1000);
    }

    /** One Hessian-free step ({@link io.descent.optim.NewtonCg}) per epoch on the full-batch loss. */
    public static FullBatchSource newtonCg(Module model, Loss loss, io.descent.optim.NewtonCgConfig config,
                                           Dataset train) {
        train.requireFinite("training data");
        return new FullBatchSource(model, loss, train, CurvatureSteps.newtonCg(model, loss, config, train), 1000);
    }

    /** One saddle-free Newton step ({@link io.descent.optim.SaddleFreeNewton}) per epoch on the full-batch loss. */
    public static FullBatchSource saddleFree(Module model, Loss loss, io.descent.optim.SaddleFreeConfig config,
                                             Dataset train) {
        train.requireFinite("training data");
        return new FullBatchSource(model, loss, train, CurvatureSteps.saddleFree(model, loss, config, train), 1000);
    }

    /** One {@link ClosureOptimizer#step} per epoch with the full-batch loss as the closure. */
    public static FullBatchSource closure(Module model, Loss loss, ClosureOptimizer optimizer, Dataset train) {
        train.requireFinite("training data");
        return new FullBatchSource(model, loss, train, new ClosureSteps(optimizer, model, loss, train), 1000);
    }

    /**
     * The method as the loop sees an optimizer: its state goes into checkpoints and schedules set its learning rate;
     * its {@code step()} is this source's full-batch step.
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public int batchesPerEpoch() {
        return 1;
    }

    @Override
    public void beginEpoch(int epoch) {
        stepped = false;
    }

    @Override
    public boolean hasNext() {
        return !stepped;
    }

    @Override
    public BatchResult next(double gradientScale, StepClock clock) {
        stepped = true;
        optimizer.step();
        Evaluation e = Evaluation.of(model, loss, train, evalBatchSize, 1);
        long correct = train.isClassification() ? Math.round(e.accuracy() * train.size()) : -1;
        return new BatchResult(e.loss(), train.size(), correct, 1, Map.of());
    }

    @Override
    public boolean updatesWeights() {
        return true;
    }

    @Override
    public boolean isClassification() {
        return train.isClassification();
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("source", "full-batch");
    }

    /** Newton's method as an optimizer: no learning-rate groups, and no state beyond the weights. */
    private static final class NewtonSteps implements Optimizer {
        private final Newton newton;
        private final Erm risk;
        /** The point in float64, kept between steps so that a float32 model's rounding does not feed back. */
        private Tensor w;

        NewtonSteps(Newton newton, Erm risk) {
            this.newton = newton;
            this.risk = risk;
            this.w = risk.parameters();
        }

        @Override
        public void step() {
            newton.step(w);
            risk.load(w);
        }

        @Override
        public void zeroGrad() {
        }

        @Override
        public List<Group> groups() {
            return List.of();
        }

        @Override
        public OptimizerState state() {
            return OptimizerState.of(Map.of(), Map.of("optimizer", "newton"));
        }

        @Override
        public void load(OptimizerState state) {
            if (!state.optimizer().equals("newton") || !state.tensors().isEmpty() || state.metadata().size() != 1) {
                throw new InvalidInputException("optimizer state", "entry 'optimizer'", "saved by '" + state.optimizer()
                        + "', cannot be loaded into 'newton'");
            }
            w = risk.parameters(); // the restored model's weights
        }
    }

    /** A closure optimizer whose step evaluates the full-batch loss and its gradient. */
    private static final class ClosureSteps implements Optimizer {
        private final ClosureOptimizer optimizer;
        private final Module model;
        private final Loss loss;
        private final Dataset train;

        ClosureSteps(ClosureOptimizer optimizer, Module model, Loss loss, Dataset train) {
            this.optimizer = optimizer;
            this.model = model;
            this.loss = loss;
            this.train = train;
        }

        @Override
        public void step() {
            optimizer.step(() -> {
                optimizer.zeroGrad();
                Tensor l = loss.apply(model.forward(train.features()), train.targets());
                l.backward();
                return l.item();
            });
        }

        @Override
        public void zeroGrad() {
            optimizer.zeroGrad();
        }

        @Override
        public List<Group> groups() {
            return optimizer.groups();
        }

        @Override
        public OptimizerState state() {
            return optimizer.state();
        }

        @Override
        public void load(OptimizerState state) {
            optimizer.load(state);
        }
    }
}
