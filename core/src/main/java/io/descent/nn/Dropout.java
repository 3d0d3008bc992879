package io.descent.nn;

import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al. 2014): in training mode each element is zeroed with probability
 * {@code p} and the survivors are scaled by 1 / (1 - p), so the expected output equals the input and evaluation
 * mode is the identity. The mask comes from the layer's own seeded {@link Rng}: the same seed gives the same
 * masks, run after run. The derivative multiplies by the same mask.
 *
 * <pre>{@code
 * Module net = new Sequential(new Linear(784, 256, true, rng), new ReLU(), new Dropout(0.5, new Rng(7)), ...);
 * net.eval();   // dropout off
 * }</pre>
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    public double p() {
        return p;
    }

    /** The generator the masks come from (a checkpoint saves its state). */
    public Rng rng() {
        return rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        double keep = p == 1 ? 0 : 1 / (1 - p);
        Tensor mask = Tensor.zeros(x.dtype(), x.shape());
        int o = mask.offset();
        if (Kernels.isF32(mask)) {
            float[] m = mask.floats();
            for (int i = 0; i < mask.size(); i++) {
                m[o + i] = rng.nextDouble() < p ? 0f : (float) keep;
            }
        } else {
            double[] m = mask.doubles();
            for (int i = 0; i < mask.size(); i++) {
                m[o + i] = rng.nextDouble() < p ? 0 : keep;
            }
        }
        return x.mul(mask);
    }

    @Override
    public Spec spec() {
        return Spec.of("Dropout", "p", p);
    }
}
