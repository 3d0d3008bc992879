package io.descent.optim;

import io.descent.tensor.Tensor;

/**
 * A final step (it writes the update into the parameter) that keeps a {@link MomentPair}: what RAdam, LAMB
 * and AdaMax share apart from their update rules.
 */
interface MomentPairStep extends GradientTransform<MomentPair> {

    /** The saved name of the second statistic: v_t's {@code exp_avg_sq} unless the method keeps another. */
    default String secondName() {
        return MomentPair.SQUARES;
    }

    @Override
    default MomentPair init(Tensor parameter) {
        return MomentPair.zerosLike(parameter, secondName());
    }

    @Override
    default boolean appliesUpdate() {
        return true;
    }
}
