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
        double factor = 1 - slot.group().lr() * slot.group().weightDecay();   // param.mul_(1 - lr * weight_decay)
        Tensor w = slot.value();
        int n = slot.size();
        int o = w.offset();
        if (slot.isFloat64()) {
            double[] p = w.doubles();
            for (int i = 0; i < n; i++) {
                p[o + i] *= factor;
            }
        } else {
            float[] p = w.floats();
            float f = (float) factor;
            for (int i = 0; i < n; i++) {
                p[o + i] *= f;
            }
        }
    }

    @Override
    public String toString() {
        return "decoupledWeightDecay()";
    }
}
