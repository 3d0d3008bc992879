package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) and AMSGrad (Reddi, Kale and Kumar 2018), as {@code torch.optim.Adam}:
 *
 * <pre>
 *   m_t = beta1 m_{t-1} + (1 - beta1) g_t          momentum, as an average
 *   v_t = beta2 v_{t-1} + (1 - beta2) g_t^2        RMSProp's mean square
 *   amsgrad: vmax_t = max(vmax_{t-1}, v_t), used in place of v_t below
 *   w &lt;- w - (eta / (1 - beta1^t)) m_t / (sqrt(v_t) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Momentum and RMSProp are the two {@link Moments} lines of the loop. The learning rate and both bias
 * corrections enter in PyTorch's order (step size eta / (1 - beta1^t) times m, divided by the corrected
 * root plus eps), which a separate scaling stage could not reproduce to the last bit; hence this transform
 * applies the update itself. Weight decay comes before it in the chain: {@link AddWeightDecay} for Adam,
 * {@link DecoupledWeightDecay} for AdamW.
 */
public record AdamStep(double beta1, double beta2, double eps, boolean amsgrad)
        implements GradientTransform<AdamStep.State> {

    public AdamStep {
        Check.unitInterval("adam", "beta1", beta1);
        Check.unitInterval("adam", "beta2", beta2);
        Check.nonNegative("adam", "eps", eps);
    }

    /**
     * @param expAvg       m_t
     * @param expAvgSq     v_t
     * @param maxExpAvgSq  vmax_t (AMSGrad only, else null)
     */
    public record State(Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("exp_avg", expAvg, "exp_avg_sq", expAvgSq, "max_exp_avg_sq", maxExpAvgSq);
        }
    }

    @Override
    public String name() {
        return "adamStep";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter), StateTensors.zerosLike(parameter),
                amsgrad ? StateTensors.zerosLike(parameter) : null);
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    @Override
    public void update(Slot slot, State state) {
        slot.forRanges(this, state, AdamStep::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        double t = slot.step();
        double stepSize = slot.group().lr() / (1 - Math.pow(beta1, t));
        double correction2 = Math.sqrt(1 - Math.pow(beta2, t));
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] m = state.expAvg().doubles();
            double[] v = state.expAvgSq().doubles();
            double[] vmax = amsgrad ? state.maxExpAvgSq().doubles() : null;
            double w1 = 1 - beta1;
            double w2 = 1 - beta2;
            double a = -stepSize;
            for (int i = from; i < to; i++) {
                double g = u[i];
                m[i] = Moments.ema(m[i], beta1, g, w1);
                v[i] = Moments.emaOfSquares(v[i], beta2, g, w2);
                double second = amsgrad ? (vmax[i] = Math.max(vmax[i], v[i])) : v[i];
                double denom = Math.sqrt(second) / correction2 + eps;
                p[i] = p[i] + a * m[i] / denom;            // param.addcdiv_(exp_avg, denom, value=-step_size)
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] m = state.expAvg().floats();
            float[] v = state.expAvgSq().floats();
            float[] vmax = amsgrad ? state.maxExpAvgSq().floats() : null;
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float w1 = (float) (1 - beta1);
            float w2 = (float) (1 - beta2);
            float c2 = (float) correction2;
            float e = (float) eps;
            float a = (float) -stepSize;
            for (int i = from; i < to; i++) {
                float g = u[i];
                m[i] = Moments.ema(m[i], b1, g, w1);
                v[i] = Moments.emaOfSquares(v[i], b2, g, w2);
                float second = amsgrad ? (vmax[i] = Math.max(vmax[i], v[i])) : v[i];
                float denom = (float) Math.sqrt(second) / c2 + e;
                p[i] = p[i] + a * m[i] / denom;
            }
        }
    }

    @Override
    public String toString() {
        return "adamStep(" + beta1 + ", " + beta2 + ", " + eps + ", " + amsgrad + ")";
    }
}
