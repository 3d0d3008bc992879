package io.descent.optim;

import io.descent.tensor.Tensor;

/**
 * The gradient step that ends most chains: w &lt;- w - eta u, with eta the group's learning rate, in one
 * rounding as PyTorch's {@code param.add_(u, alpha=-lr)}.
 */
public record Descend() implements GradientTransform<TransformState> {

    @Override
    public String name() {
        return "descend";
    }

    @Override
    public TransformState init(Tensor parameter) {
        return TransformState.NONE;
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    @Override
    public void update(Slot slot, TransformState state) {
        double minusLr = -slot.group().lr();
        Tensor w = slot.value();
        int n = slot.size();
        int o = w.offset();
        if (slot.isFloat64()) {
            double[] u = slot.buffer().doubles();
            double[] p = w.doubles();
            for (int i = 0; i < n; i++) {
                p[o + i] = Math.fma(minusLr, u[i], p[o + i]);
            }
        } else {
            float[] u = slot.buffer().floats();
            float[] p = w.floats();
            float a = (float) minusLr;
            for (int i = 0; i < n; i++) {
                p[o + i] = Math.fma(a, u[i], p[o + i]);
            }
        }
    }

    @Override
    public String toString() {
        return "descend()";
    }
}
