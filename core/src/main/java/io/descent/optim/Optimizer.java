package io.descent.optim;

import io.descent.nn.Parameter;
import io.descent.tensor.GradientSupport;
import java.util.List;

/**
 * A first-order optimizer: after {@code loss.backward()} has filled every parameter's gradient,
 * {@link #step()} updates the parameters in place.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.adam(model.parameters(), AdamConfig.defaults().withLr(1e-3));
 * for (Batch b : loader) {
 *     opt.zeroGrad();
 *     loss(model.forward(b.x()), b.y()).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * Parameters whose gradient is null (not reached by backward) are skipped, as in PyTorch. Methods that
 * evaluate the function more than once per step take a {@link Closure} instead ({@link ClosureOptimizer}).
 */
public interface Optimizer {

    /** Updates every parameter that has a gradient. */
    void step();

    /** Zero-fills every parameter's gradient, keeping the buffers. */
    void zeroGrad();

    /** The parameter groups, whose learning rate and weight decay may be changed between steps. */
    List<Group> groups();

    /** A copy of everything the next steps depend on; {@link #load} into a fresh optimizer resumes bit for bit. */
    OptimizerState state();

    /** Restores a state saved by an optimizer of the same kind on parameters of the same shapes. */
    void load(OptimizerState state);

    /**
     * When the last {@link #step()} changed only the elements of {@code p} in the columns of its gradient's
     * support (an update that leaves zero-gradient elements as they are, see {@link ChainOptimizer}, whether
     * its pass skipped them or not), that support, valid until the gradient is zeroed; else null, as any
     * element may have changed. Lets a check of the weights after a step (the NaN
     * guard) read those elements only.
     */
    default GradientSupport lastStepSupport(Parameter p) {
        return null;
    }

    /**
     * Sets every group's learning rate to its base rate times {@code factor}: how a schedule drives an
     * optimizer ({@code opt.setLearningRateFactor(schedule.at(step))}).
     */
    default void setLearningRateFactor(double factor) {
        for (Group g : groups()) {
            g.setLr(g.baseLr() * factor);
        }
    }

    /**
     * Puts the weights to evaluate and save into the parameters, for optimizers whose gradients are taken
     * elsewhere (schedule-free SGD and AdamW: x, the average, instead of y), as the reference package's
     * {@code optimizer.eval()}; does nothing for the others. No step may be taken until {@link #trainMode}.
     */
    default void evalMode() {
    }

    /** Puts the weights where gradients are taken back into the parameters (schedule-free: y); see {@link #evalMode}. */
    default void trainMode() {
    }
}
