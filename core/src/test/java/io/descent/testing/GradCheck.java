package io.descent.testing;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.function.Function;

/**
 * Finite-difference gradient checks in float64: the analytic gradient from backward() against central
 * differences (f(x + h) - f(x - h)) / 2h for every element of every input.
 *
 * <p>A non-scalar output is reduced to the scalar sum(out * r) with fixed random weights r, so every
 * output element's gradient is exercised with a different weight.
 */
public final class GradCheck {
    public static final double STEP = 1e-6;

    private GradCheck() {
    }

    /**
     * The largest error |analytic - numeric| / max(1, |analytic|, |numeric|) over all elements of all
     * inputs (relative for large derivatives, absolute near zero).
     */
    public static double maxError(Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor in : inputs) {
            if (in.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradient checks run in float64");
            }
        }
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].copy().requiresGrad(true);
        }
        Tensor out = f.apply(leaves);
        Tensor weights = Tensor.uniform(new Rng(99), 0.5, 1.5, DType.FLOAT64, out.shape().dims());
        out.mul(weights).sum().backward();

        double worst = 0;
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i].copy();
            Tensor[] args = inputs.clone();
            args[i] = x;
            for (int k = 0; k < x.size(); k++) {
                double orig = x.getFlat(k);
                x.setFlat(k, orig + STEP);
                double plus = scalar(f, args, weights);
                x.setFlat(k, orig - STEP);
                double minus = scalar(f, args, weights);
                x.setFlat(k, orig);
                double numeric = (plus - minus) / (2 * STEP);
                Tensor g = leaves[i].grad();
                double analytic = g == null ? 0 : g.getFlat(k);
                double err = Math.abs(analytic - numeric) / Math.max(1, Math.max(Math.abs(analytic), Math.abs(numeric)));
                worst = Math.max(worst, err);
            }
        }
        return worst;
    }

    private static double scalar(Function<Tensor[], Tensor> f, Tensor[] args, Tensor weights) {
        return f.apply(args).mul(weights).sum().item();
    }
}
