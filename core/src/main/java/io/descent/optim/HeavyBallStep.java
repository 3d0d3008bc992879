package io.descent.optim;

/**
 * Polyak's heavy ball (1964) in the lecture's form:
 *
 * <pre>
 *   w_{t+1} = w_t - alpha grad f(w_t) + beta (w_t - w_{t-1}),     w_0 = w_{-1}
 * </pre>
 *
 * with alpha the group's learning rate, rounded as fma(beta, w_t - w_{t-1}, fma(-alpha, g, w_t)). It is
 * PyTorch's SGD momentum (dampening 0) under the change of variables b_t = -(w_{t+1} - w_t) / alpha:
 * b_t = beta b_{t-1} + g_t and w_{t+1} = w_t - alpha b_t (shown by HeavyBallTest).
 *
 * @param beta the momentum, in [0, 1)
 */
public record HeavyBallStep(double beta) implements OneBufferStep {

    public HeavyBallStep {
        Check.unitInterval("heavy ball", "beta", beta);
    }

    /** w_{t-1}, saved as {@code previous}. */
    @Override
    public String bufferName() {
        return "previous";
    }

    @Override
    public String name() {
        return "heavyBallStep";
    }

    @Override
    public void update(Slot slot, OneBuffer state) {
        slot.forRanges(this, state, HeavyBallStep::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, OneBuffer state, int from, int to) {
        double minusAlpha = -slot.group().lr();
        boolean first = slot.step() == 1;
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] prev = state.buffer().doubles();
            if (first) {
                System.arraycopy(p, from, prev, from, to - from);
            }
            for (int i = from; i < to; i++) {
                double current = p[i];
                p[i] = Math.fma(beta, current - prev[i], Math.fma(minusAlpha, u[i], current));
                prev[i] = current;
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] prev = state.buffer().floats();
            if (first) {
                System.arraycopy(p, from, prev, from, to - from);
            }
            float b = (float) beta;
            float a = (float) minusAlpha;
            for (int i = from; i < to; i++) {
                float current = p[i];
                p[i] = Math.fma(b, current - prev[i], Math.fma(a, u[i], current));
                prev[i] = current;
            }
        }
    }

    @Override
    public String toString() {
        return "heavyBallStep(" + beta + ")";
    }
}
