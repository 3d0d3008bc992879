package io.descent.optim;

import io.descent.tensor.Tensor;

/**
 * One stage of an optimizer, after Optax: it rewrites a parameter's update buffer in place (adds weight
 * decay, averages it into momentum, divides it by a running root mean square), keeping its own state per
 * parameter. An optimizer is a {@link Chain} of transforms whose last one applies the update to the
 * parameter.
 *
 * <p>Two changes to the sketch of DESIGN.md, both for speed and exactness: {@code update} works on the
 * primitive arrays of a {@link Slot} (nothing allocated per step), and the learning rate is applied by the
 * final transform in the same rounding as PyTorch ({@code p.add_(u, alpha=-lr)} is one fused multiply-add,
 * {@code p.addcdiv_(m, denom, value=-step)} one division after one product), because a separate
 * {@code scale(-lr)} stage would round once more and drift from PyTorch's trajectories at the 1e-9 level.
 *
 * @param <S> the state this transform keeps per parameter
 */
public interface GradientTransform<S extends TransformState> {

    /** A short name, used in descriptions and as the prefix of this transform's entries in a saved state. */
    String name();

    /** The state for a new parameter (zeros, or what the method prescribes), or {@link TransformState#NONE}. */
    S init(Tensor parameter);

    /** Runs this stage for one parameter during a step. */
    void update(Slot slot, S state);

    /**
     * Whether this transform writes the update into the parameter (w &lt;- w - lr u and its variants), which
     * makes it the last stage of a chain.
     */
    default boolean appliesUpdate() {
        return false;
    }

    /**
     * Whether, for this slot's settings now, an element whose incoming update is exactly zero keeps its
     * parameter value, its state and its outgoing update (zero) bit for bit. When every stage of a chain says
     * so, a step on a gradient known to be zero outside a few columns ({@link io.descent.tensor.GradientSupport})
     * runs {@link #updateAt} on those elements only, with results identical to the full pass. True for plain
     * descent and AdaGrad; false (the default) wherever a zero gradient still moves something: momentum,
     * Adam's moments and bias corrections, weight decay.
     */
    default boolean skipsZeroGradients(Slot slot) {
        return false;
    }

    /**
     * Runs this stage on the listed elements only, {@code elements[0..count)}, with the same arithmetic per
     * element as {@link #update}; called only when {@link #skipsZeroGradients} holds.
     */
    default void updateAt(Slot slot, S state, int[] elements, int count) {
        throw new UnsupportedOperationException(name() + ": has no update restricted to some elements");
    }

    /**
     * Puts into the parameter's value (which may start at an offset) the point to evaluate and save, where
     * it differs from the point where gradients are taken: schedule-free's x instead of y. Nothing for every
     * other transform.
     */
    default void toEvaluation(Tensor value, S state) {
    }

    /** Undoes {@link #toEvaluation}: the parameter holds the training point again. */
    default void toTraining(Tensor value, S state) {
    }
}
