package io.descent.optim;

import io.descent.tensor.Tensor;

/**
 * Coupled weight decay, the L2 penalty (lambda/2)|w|^2 folded into the gradient: u &lt;- u + lambda w, with
 * lambda the group's weight decay. What PyTorch's SGD, Adam, RMSProp and the others call
 * {@code weight_decay}; {@link DecoupledWeightDecay} is AdamW's other kind. Skipped when lambda = 0, as in
 * PyTorch.
 */
public record AddWeightDecay() implements GradientTransform<TransformState> {

    @Override
    public String name() {
        return "addWeightDecay";
    }

    @Override
    public TransformState init(Tensor parameter) {
        return TransformState.NONE;
    }

    @Override
    public void update(Slot slot, TransformState state) {
        double lambda = slot.group().weightDecay();
        if (lambda == 0) {
            return;
        }
        Tensor w = slot.value();
        int n = slot.size();
        int o = w.offset();
        if (slot.isFloat64()) {
            double[] u = slot.buffer().doubles();
            double[] p = w.doubles();
            for (int i = 0; i < n; i++) {
                u[i] = Math.fma(lambda, p[o + i], u[i]);      // grad.add(param, alpha=lambda)
            }
        } else {
            float[] u = slot.buffer().floats();
            float[] p = w.floats();
            float l = (float) lambda;
            for (int i = 0; i < n; i++) {
                u[i] = Math.fma(l, p[o + i], u[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "addWeightDecay()";
    }
}
