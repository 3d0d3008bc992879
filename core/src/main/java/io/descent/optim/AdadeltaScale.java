package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * AdaDelta's rescaling (Zeiler 2012), as {@code torch.optim.Adadelta}: the update becomes
 *
 * <pre>
 *   v_t = rho v_{t-1} + (1 - rho) g_t^2
 *   d_t = sqrt(D_{t-1} + eps) / sqrt(v_t + eps) g_t
 *   D_t = rho D_{t-1} + (1 - rho) d_t^2
 * </pre>
 *
 * and {@link Descend} then applies w &lt;- w - eta d_t (the paper has eta = 1, PyTorch's default).
 */
public record AdadeltaScale(double rho, double eps) implements GradientTransform<AdadeltaScale.State> {

    public AdadeltaScale {
        Check.closedUnitInterval("adadelta", "rho", rho);
        Check.nonNegative("adadelta", "eps", eps);
    }

    /**
     * @param squareAvg v_t, the running mean of squared gradients
     * @param accDelta  D_t, the running mean of squared updates
     */
    public record State(Tensor squareAvg, Tensor accDelta) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("square_avg", squareAvg, "acc_delta", accDelta);
        }
    }

    @Override
    public String name() {
        return "adadeltaScale";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter), StateTensors.zerosLike(parameter));
    }

    @Override
    public void update(Slot slot, State state) {
        slot.forRanges(this, state, AdadeltaScale::updateRange);
    }

    /** The update of elements [from, to) (all cores share a large parameter). */
    private void updateRange(Slot slot, State state, int from, int to) {
        double w1 = 1 - rho;
        if (slot.isFloat64()) {
            double[] in = slot.incoming().doubles();
            double[] u = slot.buffer().doubles();
            double[] v = state.squareAvg().doubles();
            double[] d = state.accDelta().doubles();
            for (int i = from; i < to; i++) {
                double g = in[i];
                v[i] = Moments.emaOfSquares(v[i], rho, g, w1);
                double delta = Math.sqrt(d[i] + eps) / Math.sqrt(v[i] + eps) * g;
                d[i] = Moments.emaOfSquares(d[i], rho, delta, w1);
                u[i] = delta;
            }
        } else {
            float[] in = slot.incoming().floats();
            float[] u = slot.buffer().floats();
            float[] v = state.squareAvg().floats();
            float[] d = state.accDelta().floats();
            float r = (float) rho;
            float wf = (float) w1;
            float e = (float) eps;
            for (int i = from; i < to; i++) {
                float g = in[i];
                v[i] = Moments.emaOfSquares(v[i], r, g, wf);
                float delta = (float) Math.sqrt(d[i] + e) / (float) Math.sqrt(v[i] + e) * g;
                d[i] = Moments.emaOfSquares(d[i], r, delta, wf);
                u[i] = delta;
            }
        }
    }

    @Override
    public String toString() {
        return "adadeltaScale(" + rho + ", " + eps + ")";
    }
}
