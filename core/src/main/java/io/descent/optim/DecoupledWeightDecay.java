package io.descent.optim;

import io.descent.tensor.Tensor;

/**
 * Decoupled weight decay (Loshchilov and Hutter 2019, AdamW): w &lt;- w (1 - eta lambda), applied to the
 * parameter itself before the step rather than added to the gradient, so that an adaptive method does not
 * rescale it. eta is the group's learning rate, lambda its weight decay. It leaves the update buffer alone.
 */
public record DecoupledWeightDecay() implements GradientTransform<TransformState> {

    @Override
    public String name() {
        return "decoupledWeightDecay";
    }

    @Override
    public TransformState init(Tensor parameter) {
        return TransformState.NONE;
    }

    @Override
    public void update(Slot slot, TransformState state) {
        slot.forRanges(this, state, DecoupledWeightDecay::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, TransformState state, int from, int to) {
        double factor = 1 - slot.group().lr() * slot.group().weightDecay();   // param.mul_(1 - lr * weight_decay)
        if (slot.isFloat64()) {
            double[] p = slot.value().doubles();
            for (int i = from; i < to; i++) {
                p[i] *= factor;
            }
        } else {
            float[] p = slot.value().floats();
            float f = (float) factor;
            for (int i = from; i < to; i++) {
                p[i] *= f;
            }
        }
    }

    @Override
    public String toString() {
        return "decoupledWeightDecay()";
    }
}
