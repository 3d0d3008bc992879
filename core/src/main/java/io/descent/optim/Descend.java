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
        slot.forRanges(this, state, Descend::updateRange);
    }

    /** w - eta 0 = w exactly (eta finite): fma(-eta, +0, w) adds a signed zero, which leaves every w as it is. */
    @Override
    public boolean skipsZeroGradients(Slot slot) {
        return true;
    }

    @Override
    public void updateAt(Slot slot, TransformState state, int[] elements, int count) {
        double minusLr = -slot.group().lr();
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            for (int k = 0; k < count; k++) {
                int i = elements[k];
                p[i] = Math.fma(minusLr, u[i], p[i]);
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float a = (float) minusLr;
            for (int k = 0; k < count; k++) {
                int i = elements[k];
                p[i] = Math.fma(a, u[i], p[i]);
            }
        }
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, TransformState state, int from, int to) {
        double minusLr = -slot.group().lr();
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            for (int i = from; i < to; i++) {
                p[i] = Math.fma(minusLr, u[i], p[i]);
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float a = (float) minusLr;
            for (int i = from; i < to; i++) {
                p[i] = Math.fma(a, u[i], p[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "descend()";
    }
}
