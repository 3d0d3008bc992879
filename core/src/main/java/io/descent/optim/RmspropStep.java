package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * RMSProp (Tieleman and Hinton 2012; the centered form of Graves 2013), as {@code torch.optim.RMSprop}:
 *
 * <pre>
 *   v_t = alpha v_{t-1} + (1 - alpha) g_t^2
 *   centered:  a_t = alpha a_{t-1} + (1 - alpha) g_t,   s_t = sqrt(v_t - a_t^2) + eps
 *   otherwise: s_t = sqrt(v_t) + eps
 *   momentum:  b_t = mu b_{t-1} + g_t / s_t,  w &lt;- w - eta b_t
 *   otherwise: w &lt;- w - eta g_t / s_t
 * </pre>
 */
public record RmspropStep(double alpha, double eps, double momentum, boolean centered)
        implements GradientTransform<RmspropStep.State> {

    public RmspropStep {
        Check.unitInterval("rmsprop", "alpha", alpha);
        Check.nonNegative("rmsprop", "eps", eps);
        Check.unitInterval("rmsprop", "momentum", momentum);
    }

    /**
     * @param squareAvg      v_t
     * @param gradAvg        a_t (centered only, else null)
     * @param momentumBuffer b_t (momentum &gt; 0 only, else null)
     */
    public record State(Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("square_avg", squareAvg, "grad_avg", gradAvg, "momentum_buffer", momentumBuffer);
        }
    }

    @Override
    public String name() {
        return "rmspropStep";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter),
                centered ? StateTensors.zerosLike(parameter) : null,
                momentum > 0 ? StateTensors.zerosLike(parameter) : null);
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    @Override
    public void update(Slot slot, State state) {
        slot.forRanges(this, state, RmspropStep::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        double minusLr = -slot.group().lr();
        double w1 = 1 - alpha;
        if (slot.isFloat64()) {
            double[] u = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] v = state.squareAvg().doubles();
            double[] a = centered ? state.gradAvg().doubles() : null;
            double[] b = momentum > 0 ? state.momentumBuffer().doubles() : null;
            for (int i = from; i < to; i++) {
                double g = u[i];
                v[i] = Moments.emaOfSquares(v[i], alpha, g, w1);
                double s;
                if (centered) {
                    a[i] = Moments.ema(a[i], alpha, g, w1);
                    s = Math.sqrt(Math.fma(-a[i], a[i], v[i]));            // square_avg.addcmul(a, a, value=-1)
                } else {
                    s = Math.sqrt(v[i]);
                }
                s = s + eps;
                if (b != null) {
                    b[i] = b[i] * momentum + g / s;                         // buf.mul_(momentum).addcdiv_(g, avg)
                    p[i] = Math.fma(minusLr, b[i], p[i]);
                } else {
                    p[i] = p[i] + minusLr * g / s;
                }
            }
        } else {
            float[] u = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] v = state.squareAvg().floats();
            float[] a = centered ? state.gradAvg().floats() : null;
            float[] b = momentum > 0 ? state.momentumBuffer().floats() : null;
            float al = (float) alpha;
            float wf = (float) w1;
            float e = (float) eps;
            float mu = (float) momentum;
            float ml = (float) minusLr;
            for (int i = from; i < to; i++) {
                float g = u[i];
                v[i] = Moments.emaOfSquares(v[i], al, g, wf);
                float s;
                if (centered) {
                    a[i] = Moments.ema(a[i], al, g, wf);
                    s = (float) Math.sqrt(Math.fma(-a[i], a[i], v[i]));
                } else {
                    s = (float) Math.sqrt(v[i]);
                }
                s = s + e;
                if (b != null) {
                    b[i] = b[i] * mu + g / s;
                    p[i] = Math.fma(ml, b[i], p[i]);
                } else {
                    p[i] = p[i] + ml * g / s;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "rmspropStep(" + alpha + ", " + eps + ", " + momentum + ", " + centered + ")";
    }
}
