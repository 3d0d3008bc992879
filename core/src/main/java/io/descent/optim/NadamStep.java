package io.descent.optim;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * NAdam (Dozat 2016): Adam with Nesterov's look-ahead on the first moment, as {@code torch.optim.NAdam},
 * with its schedule of momentum factors and their running product:
 *
 * <pre>
 *   mu_t = beta1 (1 - 0.5 * 0.96^(t psi))              psi: momentum decay
 *   P_t = P_{t-1} mu_t                                 product of the mu's (P_0 = 1)
 *   m_t, v_t as in Adam
 *   d_t = sqrt(v_t / (1 - beta2^t)) + eps
 *   w &lt;- w - eta (1 - mu_t) / (1 - P_t) g_t / d_t - eta mu_{t+1} / (1 - P_t mu_{t+1}) m_t / d_t
 * </pre>
 *
 * PyTorch computes the second coefficient's product as P_t mu_t mu_{t+1} (one mu_t more than the paper's
 * P_{t+1} = P_t mu_{t+1}); this transform follows PyTorch, whose trajectories it reproduces. P is kept per
 * parameter in float64, as a tensor of rank 0, whatever the parameter's type.
 */
public record NadamStep(double beta1, double beta2, double eps, double momentumDecay)
        implements GradientTransform<NadamStep.State> {

    public NadamStep {
        Check.unitInterval("nadam", "beta1", beta1);
        Check.unitInterval("nadam", "beta2", beta2);
        Check.nonNegative("nadam", "eps", eps);
        Check.nonNegative("nadam", "momentum decay", momentumDecay);
    }

    /**
     * @param expAvg    m_t
     * @param expAvgSq  v_t
     * @param muProduct P_t, a float64 scalar
     */
    public record State(Tensor expAvg, Tensor expAvgSq, Tensor muProduct) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("exp_avg", expAvg, "exp_avg_sq", expAvgSq, "mu_product", muProduct);
        }
    }

    @Override
    public String name() {
        return "nadamStep";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter), StateTensors.zerosLike(parameter),
                Tensor.scalar(1, DType.FLOAT64));
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    @Override
    public void update(Slot slot, State state) {
        state.muProduct().doubles()[0] *= mu(slot.step());       // once per step, before the element loops
        slot.forRanges(this, state, NadamStep::updateRange);
    }

    /** mu_t = beta1 (1 - 0.5 * 0.96^(t psi)), the momentum schedule of Dozat (2016) as in PyTorch. */
    private double mu(double t) {
        return beta1 * (1. - 0.5 * Math.pow(0.96, t * momentumDecay));
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        double t = slot.step();
        double lr = slot.group().lr();
        double correction2 = 1 - Math.pow(beta2, t);
        double mu = mu(t);
        double muNext = mu(t + 1);
        double[] product = state.muProduct().doubles();
        double muProductNext = product[0] * mu * muNext;
        double gradCoefficient = -lr * (1. - mu) / (1. - product[0]);
        double momentumCoefficient = -lr * muNext / (1. - muProductNext);
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
                double denom = Math.sqrt(v[i] / correction2) + eps;
                p[i] = p[i] + gradCoefficient * g / denom;
                p[i] = p[i] + momentumCoefficient * m[i] / denom;
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
            float c2 = (float) correction2;
            float e = (float) eps;
            float cg = (float) gradCoefficient;
            float cm = (float) momentumCoefficient;
            for (int i = from; i < to; i++) {
                float g = u[i];
                m[i] = Moments.ema(m[i], b1, g, w1);
                v[i] = Moments.emaOfSquares(v[i], b2, g, w2);
                float denom = (float) Math.sqrt(v[i] / c2) + e;
                p[i] = p[i] + cg * g / denom;
                p[i] = p[i] + cm * m[i] / denom;
            }
        }
    }

    @Override
    public String toString() {
        return "nadamStep(" + beta1 + ", " + beta2 + ", " + eps + ", " + momentumDecay + ")";
    }
}
