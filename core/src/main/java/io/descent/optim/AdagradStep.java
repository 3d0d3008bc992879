package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * AdaGrad (Duchi, Hazan and Singer 2011), as {@code torch.optim.Adagrad}:
 *
 * <pre>
 *   G_t = G_{t-1} + g_t^2                       (G_0 = initial accumulator value)
 *   eta_t = eta / (1 + (t - 1) lr_decay)
 *   w &lt;- w - eta_t g_t / (sqrt(G_t) + eps)
 * </pre>
 *
 * G only grows, so the effective step eta_t / (sqrt(G_t) + eps) of every coordinate only shrinks.
 */
public record AdagradStep(double lrDecay, double initialAccumulatorValue, double eps)
        implements GradientTransform<AdagradStep.State> {

    public AdagradStep {
        Check.nonNegative("adagrad", "lr decay", lrDecay);
        Check.nonNegative("adagrad", "initial accumulator value", initialAccumulatorValue);
        Check.nonNegative("adagrad", "eps", eps);
    }

    /** @param sum G_t, the sum of squared gradients */
    public record State(Tensor sum) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("sum", sum);
        }
    }

    @Override
    public String name() {
        return "adagradStep";
    }

    @Override
    public State init(Tensor parameter) {
        Tensor sum = StateTensors.zerosLike(parameter);
        sum.fill(initialAccumulatorValue);
        return new State(sum);
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    /** eta_t, the step before division by sqrt(G_t) + eps. */
    static double stepSize(double lr, double lrDecay, long step) {
        return lr / (1 + (step - 1) * lrDecay);
    }

    @Override
    public void update(Slot slot, State state) {
        slot.forRanges(this, state, AdagradStep::updateRange);
    }

    /**
     * With g = 0, G stays (G + 0 * 0) and w gets -eta_t 0 / (sqrt(G) + eps), a signed zero, provided the
     * denominator is not 0: sqrt(0) + 0 would make it 0 / 0 = NaN, which the full pass writes into every
     * untouched weight. So exact when eps or G_0 is positive in the parameter's precision.
     */
    @Override
    public boolean skipsZeroGradients(Slot slot) {
        return slot.isFloat64()
                ? eps > 0 || initialAccumulatorValue > 0
                : (float) eps > 0 || (float) initialAccumulatorValue > 0;
    }

    @Override
    public void updateAt(Slot slot, State state, int[] elements, int count) {
        double minusStep = -stepSize(slot.group().lr(), lrDecay, slot.step());
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] s = state.sum().doubles();
            for (int k = 0; k < count; k++) {
                int i = elements[k];
                double g = u[i];
                s[i] = Math.fma(g, g, s[i]);
                p[i] = p[i] + minusStep * g / (Math.sqrt(s[i]) + eps);
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] s = state.sum().floats();
            float a = (float) minusStep;
            float e = (float) eps;
            for (int k = 0; k < count; k++) {
                int i = elements[k];
                float g = u[i];
                s[i] = Math.fma(g, g, s[i]);
                p[i] = p[i] + a * g / ((float) Math.sqrt(s[i]) + e);
            }
        }
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        double minusStep = -stepSize(slot.group().lr(), lrDecay, slot.step());
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] s = state.sum().doubles();
            for (int i = from; i < to; i++) {
                double g = u[i];
                s[i] = Math.fma(g, g, s[i]);                             // state_sum.addcmul_(g, g, value=1)
                p[i] = p[i] + minusStep * g / (Math.sqrt(s[i]) + eps);  // param.addcdiv_(g, std, value=-clr)
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] s = state.sum().floats();
            float a = (float) minusStep;
            float e = (float) eps;
            for (int i = from; i < to; i++) {
                float g = u[i];
                s[i] = Math.fma(g, g, s[i]);
                p[i] = p[i] + a * g / ((float) Math.sqrt(s[i]) + e);
            }
        }
    }

    @Override
    public String toString() {
        return "adagradStep(" + lrDecay + ", " + initialAccumulatorValue + ", " + eps + ")";
    }
}
