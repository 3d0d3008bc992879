package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * RAdam (Liu, Jiang, He, Chen, Liu, Gao and Han 2020, "On the Variance of the Adaptive Learning Rate and
 * Beyond"), as {@code torch.optim.RAdam} of PyTorch 1.13: Adam whose adaptive step is switched on only once
 * the variance of the adaptive learning rate is tractable, and then rectified.
 *
 * <pre>
 *   m_t = beta1 m_{t-1} + (1 - beta1) g_t,   v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
 *   mhat_t = m_t / (1 - beta1^t)
 *   rho_inf = 2 / (1 - beta2) - 1
 *   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)          length of the approximated SMA
 *   rho_t &gt; 5:  r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
 *               w &lt;- w - mhat_t eta (sqrt(1 - beta2^t) / (sqrt(v_t) + eps)) r_t
 *   else:       w &lt;- w - mhat_t eta                      (SGD with momentum, un-adapted)
 * </pre>
 *
 * The paper switches at rho_t &gt; 4; PyTorch at rho_t &gt; 5, which this transform follows. The products are
 * taken in PyTorch's order, so that float64 trajectories agree with it to the last bits. L2 weight decay
 * ({@link AddWeightDecay}) comes before it in the chain, as PyTorch's {@code weight_decay}.
 */
public record RadamStep(double beta1, double beta2, double eps) implements GradientTransform<RadamStep.State> {

    public RadamStep {
        Check.unitInterval("radam", "beta1", beta1);
        Check.unitInterval("radam", "beta2", beta2);
        Check.nonNegative("radam", "eps", eps);
    }

    /**
     * @param expAvg   m_t
     * @param expAvgSq v_t
     */
    public record State(Tensor expAvg, Tensor expAvgSq) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("exp_avg", expAvg, "exp_avg_sq", expAvgSq);
        }
    }

    @Override
    public String name() {
        return "radamStep";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter), StateTensors.zerosLike(parameter));
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    @Override
    public void update(Slot slot, State state) {
        slot.forRanges(this, state, RadamStep::updateRange);
    }

    /** rho_t, the length of the approximated simple moving average at step t. */
    double rho(double t) {
        double rhoInf = 2 / (1 - beta2) - 1;
        return rhoInf - 2 * t * Math.pow(beta2, t) / (1 - Math.pow(beta2, t));
    }

    /** r_t, the variance rectification term, for rho_t &gt; 5. */
    double rectification(double rhoT) {
        double rhoInf = 2 / (1 - beta2) - 1;
        return Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        double t = slot.step();
        double lr = slot.group().lr();
        double correction1 = 1 - Math.pow(beta1, t);
        double rootCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
        double rhoT = rho(t);
        boolean rectified = rhoT > 5.;
        double rect = rectified ? rectification(rhoT) : 0;
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] m = state.expAvg().doubles();
            double[] v = state.expAvgSq().doubles();
            double w1 = 1 - beta1;
            double w2 = 1 - beta2;
            for (int i = from; i < to; i++) {
                double g = u[i];
                m[i] = Moments.ema(m[i], beta1, g, w1);
                v[i] = Moments.emaOfSquares(v[i], beta2, g, w2);
                double corrected = m[i] / correction1;
                p[i] = rectified
                        ? p[i] - corrected * lr * (rootCorrection2 / (Math.sqrt(v[i]) + eps)) * rect
                        : p[i] - corrected * lr;
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] m = state.expAvg().floats();
            float[] v = state.expAvgSq().floats();
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float w1 = (float) (1 - beta1);
            float w2 = (float) (1 - beta2);
            float c1 = (float) correction1;
            float rc2 = (float) rootCorrection2;
            float e = (float) eps;
            float l = (float) lr;
            float r = (float) rect;
            for (int i = from; i < to; i++) {
                float g = u[i];
                m[i] = Moments.ema(m[i], b1, g, w1);
                v[i] = Moments.emaOfSquares(v[i], b2, g, w2);
                float corrected = m[i] / c1;
                p[i] = rectified
                        ? p[i] - corrected * l * (rc2 / ((float) Math.sqrt(v[i]) + e)) * r
                        : p[i] - corrected * l;
            }
        }
    }

    @Override
    public String toString() {
        return "radamStep(" + beta1 + ", " + beta2 + ", " + eps + ")";
    }
}
