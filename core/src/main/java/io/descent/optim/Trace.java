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
        slot.forRanges(this, state, Trace::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        boolean first = slot.step() == 1;
        if (slot.isFloat64()) {
            double[] g = slot.incoming().doubles();
            double[] u = slot.buffer().doubles();
            double[] b = state.momentumBuffer().doubles();
            double keep = 1 - dampening;
            for (int i = from; i < to; i++) {
                b[i] = first ? g[i] : Moments.ema(b[i], momentum, g[i], keep);  // buf = clone(d_p) at first
                u[i] = nesterov ? Math.fma(momentum, b[i], g[i]) : b[i];        // d_p.add(buf, alpha=momentum)
            }
        } else {
            float[] g = slot.incoming().floats();
            float[] u = slot.buffer().floats();
            float[] b = state.momentumBuffer().floats();
            float mu = (float) momentum;
            float keep = (float) (1 - dampening);
            for (int i = from; i < to; i++) {
                b[i] = first ? g[i] : Moments.ema(b[i], mu, g[i], keep);
                u[i] = nesterov ? Math.fma(mu, b[i], g[i]) : b[i];
            }
        }
    }

    /**
     * This stage and then {@link Descend} in one pass, w &lt;- w - eta u with the u above, as {@link Chain} runs
     * the pair: the update is used where it is computed instead of going through the slot's buffer, which saves
     * 8 of the 28 bytes that the two passes move per float32 parameter, and the step is bound by those bytes.
     * Same roundings as the two stages.
     */
    void updateAndDescend(Slot slot, State state) {
        slot.forRanges(this, state, Trace::updateAndDescendRange);
    }

    private void updateAndDescendRange(Slot slot, State state, int from, int to) {
        boolean first = slot.step() == 1;
        double minusLr = -slot.group().lr();
        if (slot.isFloat64()) {
            double[] g = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] b = state.momentumBuffer().doubles();
            double keep = 1 - dampening;
            for (int i = from; i < to; i++) {
                b[i] = first ? g[i] : Moments.ema(b[i], momentum, g[i], keep);
                double u = nesterov ? Math.fma(momentum, b[i], g[i]) : b[i];
                p[i] = Math.fma(minusLr, u, p[i]);
            }
        } else {
            float[] g = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] b = state.momentumBuffer().floats();
            float mu = (float) momentum;
            float keep = (float) (1 - dampening);
            float a = (float) minusLr;
            for (int i = from; i < to; i++) {
                b[i] = first ? g[i] : Moments.ema(b[i], mu, g[i], keep);
                float u = nesterov ? Math.fma(mu, b[i], g[i]) : b[i];
                p[i] = Math.fma(a, u, p[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "trace(" + momentum + ", " + dampening + ", " + nesterov + ")";
    }
}
