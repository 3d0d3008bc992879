package io.descent.optim;

/**
 * AdaMax (Kingma and Ba 2015, section 7.1), Adam with the infinity norm, as {@code torch.optim.Adamax}:
 *
 * <pre>
 *   m_t = beta1 m_{t-1} + (1 - beta1) g_t
 *   u_t = max(beta2 u_{t-1}, |g_t| + eps)
 *   w &lt;- w - (eta / (1 - beta1^t)) m_t / u_t
 * </pre>
 */
public record AdamaxStep(double beta1, double beta2, double eps) implements MomentPairStep {

    public AdamaxStep {
        Check.unitInterval("adamax", "beta1", beta1);
        Check.unitInterval("adamax", "beta2", beta2);
        Check.nonNegative("adamax", "eps", eps);
    }

    /** u_t, the exponentially weighted infinity norm, is saved as {@code exp_inf}. */
    @Override
    public String secondName() {
        return "exp_inf";
    }

    @Override
    public String name() {
        return "adamaxStep";
    }

    @Override
    public void update(Slot slot, MomentPair state) {
        slot.forRanges(this, state, AdamaxStep::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, MomentPair state, int from, int to) {
        double minusStep = -(slot.group().lr() / (1 - Math.pow(beta1, slot.step())));
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] m = state.expAvg().doubles();
            double[] inf = state.second().doubles();
            double w1 = 1 - beta1;
            for (int i = from; i < to; i++) {
                double g = u[i];
                m[i] = Moments.ema(m[i], beta1, g, w1);
                inf[i] = Math.max(inf[i] * beta2, Math.abs(g) + eps);
                p[i] = p[i] + minusStep * m[i] / inf[i];
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] m = state.expAvg().floats();
            float[] inf = state.second().floats();
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float w1 = (float) (1 - beta1);
            float e = (float) eps;
            float a = (float) minusStep;
            for (int i = from; i < to; i++) {
                float g = u[i];
                m[i] = Moments.ema(m[i], b1, g, w1);
                inf[i] = Math.max(inf[i] * b2, Math.abs(g) + e);
                p[i] = p[i] + a * m[i] / inf[i];
            }
        }
    }

    @Override
    public String toString() {
        return "adamaxStep(" + beta1 + ", " + beta2 + ", " + eps + ")";
    }
}
