package io.descent.optim;

import java.util.List;

/**
 * An optimizer that evaluates the objective itself, at points of its choosing ({@link Lbfgs} in its line
 * search, {@link NesterovLookahead} at the look-ahead point).
 *
 * <pre>{@code
 * Lbfgs lbfgs = Optimizers.lbfgs(model.parameters(), LbfgsConfig.defaults().withStrongWolfe(true));
 * double loss = lbfgs.step(() -> {
 *     lbfgs.zeroGrad();
 *     Tensor l = loss(model.forward(x), y);
 *     l.backward();
 *     return l.item();
 * });
 * }</pre>
 */
public interface ClosureOptimizer {

    /** One step (for L-BFGS, up to {@code maxIter} iterations); returns the loss at the starting point. */
    double step(Closure closure);

    void zeroGrad();

    List<Group> groups();

    OptimizerState state();

    void load(OptimizerState state);

    /** Sets every group's learning rate to its base rate times {@code factor}, as {@link Optimizer#setLearningRateFactor}. */
    default void setLearningRateFactor(double factor) {
        for (Group g : groups()) {
            g.setLr(g.baseLr() * factor);
        }
    }
}
