package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * Momentum as PyTorch's SGD keeps it (Sutskever et al. 2013):
 *
 * <pre>
 *   b_1 = u_1,   b_t = mu b_{t-1} + (1 - dampening) u_t
 *   u  &lt;- b_t                 (heavy ball)
 *   u  &lt;- u_t + mu b_t        (nesterov)
 * </pre>
 *
 * With dampening 0 this is Polyak's heavy ball under the change of variables b_t = -(w_{t+1} - w_t)/eta
 * (see {@link HeavyBallStep}); with nesterov it is Nesterov's look-ahead method evaluated at the
 * look-ahead point (see {@link NesterovLookahead}).
 *
 * @param momentum   mu, in [0, 1)
 * @param dampening  in [0, 1]
 * @param nesterov   whether to use Nesterov's form (needs dampening 0)
 */
public record Trace(double momentum, double dampening, boolean nesterov) implements GradientTransform<Trace.State> {

    public Trace {
        Check.unitInterval("trace", "momentum", momentum);
        Check.closedUnitInterval("trace", "dampening", dampening);
    }

    /** @param momentumBuffer b_t */
    public record State(Tensor momentumBuffer) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("momentum_buffer", momentumBuffer);
        }
    }

    @Override
    public String name() {
        return "trace";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter));
    }

    @Override
    public void update(Slot slot, State state) {
        int n = slot.size();
        boolean first = slot.step() == 1;
        if (slot.isFloat64()) {
            double[] u = slot.buffer().doubles();
            double[] b = state.momentumBuffer().doubles();
            if (first) {
                System.arraycopy(u, 0, b, 0, n);              // buf = clone(d_p)
            } else {
                double keep = 1 - dampening;
                for (int i = 0; i < n; i++) {
                    b[i] = Moments.ema(b[i], momentum, u[i], keep);
                }
            }
            if (nesterov) {
                for (int i = 0; i < n; i++) {
                    u[i] = Math.fma(momentum, b[i], u[i]);   // d_p.add(buf, alpha=momentum)
                }
            } else {
                System.arraycopy(b, 0, u, 0, n);
            }
        } else {
            float[] u = slot.buffer().floats();
            float[] b = state.momentumBuffer().floats();
            float mu = (float) momentum;
            if (first) {
                System.arraycopy(u, 0, b, 0, n);
            } else {
                float keep = (float) (1 - dampening);
                for (int i = 0; i < n; i++) {
                    b[i] = Moments.ema(b[i], mu, u[i], keep);
                }
            }
            if (nesterov) {
                for (int i = 0; i < n; i++) {
                    u[i] = Math.fma(mu, b[i], u[i]);
                }
            } else {
                System.arraycopy(b, 0, u, 0, n);
            }
        }
    }

    @Override
    public String toString() {
        return "trace(" + momentum + ", " + dampening + ", " + nesterov + ")";
    }
}
