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
}
