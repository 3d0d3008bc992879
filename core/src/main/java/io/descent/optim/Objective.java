package io.descent.optim;

import io.descent.tensor.Tensor;

/**
 * A function to minimize directly, of a float64 vector w of shape [k]: what Newton's method needs (value,
 * gradient, Hessian), and what the toy runs of {@code io.descent.objective} walk optimizers over.
 *
 * <p>It lives here rather than in {@code io.descent.objective} because the optimizers that need the
 * function itself are here; the objectives (Beale, Rosenbrock, the ERM of a model) implement it there.
 *
 * <pre>{@code
 * Objective f = new Rosenbrock();
 * Tensor w = Tensor.of(new double[] {-1.2, 1});
 * double v = f.value(w);  Tensor g = f.gradient(w);  Tensor h = f.hessian(w);
 * }</pre>
 */
public interface Objective {

    /** k, the number of variables. */
    int dimension();

    double value(Tensor w);

    /** grad f(w), shape [k], float64. */
    Tensor gradient(Tensor w);

    /**
     * The Hessian at w, shape [k, k], float64, symmetric. By default central differences of the gradient
     * ({@link FiniteDifferences#hessian}, accurate to about 1e-10 relative for smooth functions);
     * objectives that know it exactly override this.
     */
    default Tensor hessian(Tensor w) {
        return FiniteDifferences.hessian(this, w);
    }
}
