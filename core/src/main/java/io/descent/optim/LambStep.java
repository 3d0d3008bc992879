package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * LAMB (You, Li, Reddi, Hseu, Kumar, Bhojanapalli, Song, Demmel, Keutzer and Hsieh 2020, "Large Batch
 * Optimization for Deep Learning: Training BERT in 76 minutes"), Algorithm 2, with phi the identity and
 * lambda the group's weight decay, per parameter tensor (a layer's weight, its bias):
 *
 * <pre>
 *   m_t = beta1 m_{t-1} + (1 - beta1) g_t,   v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
 *   mhat_t = m_t / (1 - beta1^t),            vhat_t = v_t / (1 - beta2^t)
 *   r_t = mhat_t / (sqrt(vhat_t) + eps)
 *   u_t = r_t + lambda w_t
 *   w_{t+1} = w_t - eta (||w_t|| / ||u_t||) u_t           layer-wise trust ratio
 * </pre>
 *
 * The ratio is 1 where either norm is zero ({@link TrustRatio}). Adam's step, rescaled per tensor so that
 * its length is eta times the weights' length: the property that lets the batch grow without the step
 * blowing up in some layer. The norms need the whole tensor, so the step runs in two passes, the first
 * writing u into the update buffer.
 */
public record LambStep(double beta1, double beta2, double eps) implements GradientTransform<LambStep.State> {

    public LambStep {
        Check.unitInterval("lamb", "beta1", beta1);
        Check.unitInterval("lamb", "beta2", beta2);
        Check.nonNegative("lamb", "eps", eps);
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
        return "lambStep";
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
        double t = slot.step();
        double lr = slot.group().lr();
        double lambda = slot.group().weightDecay();
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        int n = slot.size();
        if (slot.isFloat64()) {
            double[] g = slot.incoming().doubles();
            double[] u = slot.buffer().doubles();
            double[] p = slot.value().doubles();
            double[] m = state.expAvg().doubles();
            double[] v = state.expAvgSq().doubles();
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                u[i] = (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps) + lambda * p[i];
            }
            double wn = TrustRatio.norm(p, n);
            double un = TrustRatio.norm(u, n);
            double step = lr * TrustRatio.of(wn, un, wn / un);
            for (int i = 0; i < n; i++) {
                p[i] -= step * u[i];
            }
        } else {
            float[] g = slot.incoming().floats();
            float[] u = slot.buffer().floats();
            float[] p = slot.value().floats();
            float[] m = state.expAvg().floats();
            float[] v = state.expAvgSq().floats();
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float w1 = (float) (1 - beta1);
            float w2 = (float) (1 - beta2);
            float fc1 = (float) c1;
            float fc2 = (float) c2;
            float e = (float) eps;
            float l = (float) lambda;
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                m[i] = b1 * m[i] + w1 * gi;
                v[i] = b2 * v[i] + w2 * gi * gi;
                u[i] = (m[i] / fc1) / ((float) Math.sqrt(v[i] / fc2) + e) + l * p[i];
            }
            double wn = TrustRatio.norm(p, n);
            double un = TrustRatio.norm(u, n);
            float step = (float) (lr * TrustRatio.of(wn, un, wn / un));
            for (int i = 0; i < n; i++) {
                p[i] -= step * u[i];
            }
        }
    }

    @Override
    public String toString() {
        return "lambStep(" + beta1 + ", " + beta2 + ", " + eps + ")";
    }
}
