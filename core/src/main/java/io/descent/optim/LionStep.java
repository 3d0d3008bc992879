package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * Lion, "EvoLved Sign Momentum" (Chen, Liang, Huang, Real, Wang, Pham, Dong, Luong, Hsieh, Lu and Le 2023,
 * "Symbolic Discovery of Optimization Algorithms"), Algorithm 2 step by step, with its decoupled weight
 * decay lambda (the group's weight decay) and eta the group's learning rate:
 *
 * <pre>
 *   c_t = beta1 m_{t-1} + (1 - beta1) g_t                 interpolation, the update's direction
 *   theta_t = theta_{t-1} - eta (sign(c_t) + lambda theta_{t-1})
 *   m_t = beta2 m_{t-1} + (1 - beta2) g_t                 the momentum, with its own, slower beta
 * </pre>
 *
 * Every coordinate moves by exactly eta (plus the decay): the update has the norm of a sign vector, which
 * is why Lion wants a learning rate 3-10 times smaller than AdamW's and a weight decay as many times larger.
 * sign(0) = 0, as {@code torch.sign}. One state tensor (m), half of Adam's.
 */
public record LionStep(double beta1, double beta2) implements GradientTransform<LionStep.State> {

    public LionStep {
        Check.closedUnitInterval("lion", "beta1", beta1);
        Check.unitInterval("lion", "beta2", beta2);
    }

    /** @param expAvg m_t */
    public record State(Tensor expAvg) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("exp_avg", expAvg);
        }
    }

    @Override
    public String name() {
        return "lionStep";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter));
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    @Override
    public void update(Slot slot, State state) {
        slot.forRanges(this, state, LionStep::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        double lr = slot.group().lr();
        double lambda = slot.group().weightDecay();
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] m = state.expAvg().doubles();
            for (int i = from; i < to; i++) {
                double g = u[i];
                double c = beta1 * m[i] + (1 - beta1) * g;
                p[i] = p[i] - lr * (Math.signum(c) + lambda * p[i]);
                m[i] = beta2 * m[i] + (1 - beta2) * g;
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] m = state.expAvg().floats();
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float w1 = (float) (1 - beta1);
            float w2 = (float) (1 - beta2);
            float l = (float) lr;
            float d = (float) lambda;
            for (int i = from; i < to; i++) {
                float g = u[i];
                float c = b1 * m[i] + w1 * g;
                p[i] = p[i] - l * (Math.signum(c) + d * p[i]);
                m[i] = b2 * m[i] + w2 * g;
            }
        }
    }

    @Override
    public String toString() {
        return "lionStep(" + beta1 + ", " + beta2 + ")";
    }
}
