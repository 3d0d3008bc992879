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
        if (slot.group().weightDecay() == 0) {
            return;                   // as PyTorch, which skips the addition
        }
        slot.forRanges(this, state, AddWeightDecay::updateRange);
    }

    /** With lambda = 0 the stage does nothing at all (as PyTorch), so zeros stay zeros. */
    @Override
    public boolean skipsZeroGradients(Slot slot) {
        return slot.group().weightDecay() == 0;
    }

    @Override
    public void updateAt(Slot slot, TransformState state, int[] elements, int count) {
        // lambda = 0 (skipsZeroGradients): nothing to add
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, TransformState state, int from, int to) {
        double lambda = slot.group().weightDecay();
        if (slot.isFloat64()) {
            double[] g = slot.incoming().doubles();
            double[] u = slot.buffer().doubles();
            double[] p = slot.value().doubles();
            for (int i = from; i < to; i++) {
                u[i] = Math.fma(lambda, p[i], g[i]);      // grad.add(param, alpha=lambda)
            }
        } else {
            float[] g = slot.incoming().floats();
            float[] u = slot.buffer().floats();
            float[] p = slot.value().floats();
            float l = (float) lambda;
            for (int i = from; i < to; i++) {
                u[i] = Math.fma(l, p[i], g[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "addWeightDecay()";
    }
}
