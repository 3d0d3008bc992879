package io.descent.optim;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * Schedule-free SGD and AdamW (Defazio, Yang, Mehta, Mishchenko, Khaled and Cutkosky 2024, "The Road Less
 * Scheduled"), as the reference package {@code schedulefree} ({@code SGDScheduleFree},
 * {@code AdamWScheduleFree}) computes them: no schedule, but an average. With gamma the group's learning
 * rate, beta = beta1, lambda the group's weight decay and t = 1, 2, ... the step:
 *
 * <pre>
 *   gamma_t = gamma min(1, t / warmup)                        (AdamW: times sqrt(1 - beta2^t))
 *   c_{t+1} = gamma_max,t^2 / sum_{i &lt;= t} gamma_max,i^2     gamma_max,t = max_{i &lt;= t} gamma_i
 *   SGD:   d_t = g_t                                          (lambda y_t added before, AddWeightDecay)
 *   AdamW: v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,   d_t = g_t / (sqrt(v_t) + eps) + lambda y_t
 *   z_{t+1} = z_t - gamma_t d_t
 *   x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1}
 *   y_{t+1} = (1 - beta) z_{t+1} + beta x_{t+1}                  the gradient's point
 * </pre>
 *
 * The parameters hold y while training and x is never stored: as in the reference code, y is moved in place,
 * y &lt;- lerp(y, z_t, c) + gamma_t (beta (1 - c) - 1) d_t, which is the same point. The point to evaluate and
 * save is x = (y - (1 - beta) z) / beta, put into the parameters by {@link #toEvaluation} (and y back by
 * {@link #toTraining}). z starts as the parameter's value when the optimizer is built; gamma_max starts at -1
 * and the sum of weights at 0, per parameter (every parameter with a gradient at every step keeps the
 * reference's per-group values). The reference's polynomial weighting r is 0 and its weight_lr_power 2.
 *
 * @param beta1       beta, in (0, 1)
 * @param beta2       AdamW's beta2
 * @param eps         AdamW's eps
 * @param warmupSteps linear warmup steps (0: none)
 * @param adaptive    AdamW (true) or SGD (false)
 */
public record ScheduleFreeStep(double beta1, double beta2, double eps, int warmupSteps, boolean adaptive)
        implements GradientTransform<ScheduleFreeStep.State> {

    public ScheduleFreeStep {
        Check.openUnitInterval(label(adaptive), "beta1", beta1);
        Check.unitInterval(label(adaptive), "beta2", beta2);
        Check.nonNegative(label(adaptive), "eps", eps);
        Check.atLeast(label(adaptive), "warmup steps", warmupSteps, 0);
    }

    private static String label(boolean adaptive) {
        return adaptive ? "adamw_schedulefree" : "sgd_schedulefree";
    }

    /**
     * @param z        z_t, the base sequence
     * @param expAvgSq v_t (AdamW only, else null)
     * @param lrMax    gamma_max so far, a float64 scalar (-1 before the first step)
     * @param weightSum the sum of the weights gamma_max,i^2 so far, a float64 scalar
     */
    public record State(Tensor z, Tensor expAvgSq, Tensor lrMax, Tensor weightSum) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("z", z, "exp_avg_sq", expAvgSq, "lr_max", lrMax, "weight_sum", weightSum);
        }
    }

    @Override
    public String name() {
        return adaptive ? "scheduleFreeAdamW" : "scheduleFreeSgd";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(parameter.copy(), adaptive ? StateTensors.zerosLike(parameter) : null,
                Tensor.scalar(-1, DType.FLOAT64), Tensor.scalar(0, DType.FLOAT64));
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    /** gamma_t at step t (1-based): the group's rate, warmed up, and for AdamW times sqrt(1 - beta2^t). */
    double lrAt(double lr, long t) {
        double sched = t <= warmupSteps ? (double) t / warmupSteps : 1.0;
        double rate = lr * sched;
        return adaptive ? rate * Math.sqrt(1 - Math.pow(beta2, t)) : rate;
    }

    @Override
    public void update(Slot slot, State state) {
        double lr = lrAt(slot.group().lr(), slot.step());
        double lrMax = Math.max(lr, state.lrMax().item());
        double weight = lrMax * lrMax;
        double weightSum = state.weightSum().item() + weight;
        double c = weightSum == 0 ? 0 : weight / weightSum;
        state.lrMax().doubles()[state.lrMax().offset()] = lrMax;
        state.weightSum().doubles()[state.weightSum().offset()] = weightSum;
        double decay = adaptive ? slot.group().weightDecay() : 0;
        double yStep = lr * (beta1 * (1 - c) - 1);
        int n = slot.size();
        if (slot.isFloat64()) {
            double[] g = slot.incoming().doubles();
            double[] y = slot.value().doubles();
            double[] z = state.z().doubles();
            double[] v = adaptive ? state.expAvgSq().doubles() : null;
            double w2 = 1 - beta2;
            for (int i = 0; i < n; i++) {
                double d = g[i];
                if (adaptive) {
                    v[i] = Moments.emaOfSquares(v[i], beta2, d, w2);
                    d = d / (Math.sqrt(v[i]) + eps) + decay * y[i];
                }
                y[i] = lerp(y[i], z[i], c) + yStep * d;
                z[i] = z[i] - lr * d;
            }
        } else {
            float[] g = slot.incoming().floats();
            float[] y = slot.value().floats();
            float[] z = state.z().floats();
            float[] v = adaptive ? state.expAvgSq().floats() : null;
            float b2 = (float) beta2;
            float w2 = (float) (1 - beta2);
            float e = (float) eps;
            float l = (float) lr;
            float fc = (float) c;
            float fd = (float) decay;
            float ys = (float) yStep;
            for (int i = 0; i < n; i++) {
                float d = g[i];
                if (adaptive) {
                    v[i] = Moments.emaOfSquares(v[i], b2, d, w2);
                    d = d / ((float) Math.sqrt(v[i]) + e) + fd * y[i];
                }
                y[i] = lerp(y[i], z[i], fc) + ys * d;
                z[i] = z[i] - l * d;
            }
        }
    }

    /** y to x: x = lerp(y, z, 1 - 1/beta) = (y - (1 - beta) z) / beta. */
    @Override
    public void toEvaluation(Tensor value, State state) {
        moveTowardsZ(value, state.z(), 1 - 1 / beta1);
    }

    /** x to y: y = lerp(x, z, 1 - beta) = (1 - beta) z + beta x. */
    @Override
    public void toTraining(Tensor value, State state) {
        moveTowardsZ(value, state.z(), 1 - beta1);
    }

    private static void moveTowardsZ(Tensor value, Tensor z, double weight) {
        int o = value.offset();
        int n = value.size();
        if (value.dtype() == DType.FLOAT64) {
            double[] p = value.doubles();
            double[] zs = z.doubles();
            for (int i = 0; i < n; i++) {
                p[o + i] = lerp(p[o + i], zs[i], weight);
            }
        } else {
            float[] p = value.floats();
            float[] zs = z.floats();
            float w = (float) weight;
            for (int i = 0; i < n; i++) {
                p[o + i] = lerp(p[o + i], zs[i], w);
            }
        }
    }

    /** a + w (b - a), rounded as {@code torch.lerp}: from b's side when w &gt;= 1/2. */
    static double lerp(double a, double b, double w) {
        return w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    static float lerp(float a, float b, float w) {
        return w < 0.5f ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    @Override
    public String toString() {
        return name() + "(" + beta1 + (adaptive ? ", " + beta2 + ", " + eps : "") + ", warmup " + warmupSteps + ")";
    }
}
