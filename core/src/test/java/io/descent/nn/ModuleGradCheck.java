package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.GradCheck;

/**
 * Finite-difference checks of a module in float64: the gradients that backward() leaves on the input and on
 * every parameter against central differences (f(w + h) - f(w - h)) / 2h of the scalar sum(out * r), with fixed
 * random weights r. Parameters are perturbed in place and restored.
 */
public final class ModuleGradCheck {
    private ModuleGradCheck() {
    }

    /** The largest error, relative for large derivatives and absolute near zero, as {@link GradCheck#maxError}. */
    public static double maxError(Module m, Tensor input) {
        if (input.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gradient checks run in float64");
        }
        Tensor x = input.copy().requiresGrad(true);
        m.zeroGrad();
        Tensor out = m.forward(x);
        Tensor r = Tensor.uniform(new Rng(99), 0.5, 1.5, DType.FLOAT64, out.shape().dims());
        out.mul(r).sum().backward();

        Tensor perturbedInput = input.copy();
        double worst = check(m, perturbedInput, perturbedInput, x.grad(), r);
        for (Parameter p : m.parameters()) {
            worst = Math.max(worst, check(m, input, p.value(), p.grad(), r));
        }
        return worst;
    }

    /** Perturbs each element of {@code variable} in turn and runs the module on {@code x}. */
    private static double check(Module m, Tensor x, Tensor variable, Tensor grad, Tensor r) {
        double worst = 0;
        try (var scope = GradMode.disabled()) {
            for (int k = 0; k < variable.size(); k++) {
                double orig = variable.getFlat(k);
                variable.setFlat(k, orig + GradCheck.STEP);
                double plus = m.forward(x).mul(r).sum().item();
                variable.setFlat(k, orig - GradCheck.STEP);
                double minus = m.forward(x).mul(r).sum().item();
                variable.setFlat(k, orig);
                double numeric = (plus - minus) / (2 * GradCheck.STEP);
                double analytic = grad == null ? 0 : grad.getFlat(k);
                double err = Math.abs(analytic - numeric) / Math.max(1, Math.max(Math.abs(analytic), Math.abs(numeric)));
                worst = Math.max(worst, err);
            }
        }
        return worst;
    }
}
