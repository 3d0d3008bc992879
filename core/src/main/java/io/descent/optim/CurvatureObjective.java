package io.descent.optim;

import io.descent.curvature.HessianOperator;

/**
 * A function of a flat float64 vector w (length k) as the second-order methods for networks see it
 * ({@link NewtonCg}, {@link SaddleFreeNewton}): its value, its gradient, and its curvature only through
 * products v -> B v, never as a k x k matrix. B is the Hessian H, or for a model with a loss on its output
 * the generalized Gauss-Newton matrix G = J' H_L J (Schraudolph 2002), which is positive semi-definite when
 * the loss is convex in the output.
 *
 * <p>Adapters: {@link ObjectiveCurvature} for the test functions of {@link Objective};
 * {@code io.descent.curvature.ModelCurvature} for a float64 model on a data set.
 */
public interface CurvatureObjective {

    /** k, the number of variables. */
    int dimension();

    /** f(w). */
    double value(double[] w);

    /** grad f(w) into {@code out}; returns f(w). */
    double gradient(double[] w, double[] out);

    /**
     * The Hessian at w through its products. The operator is valid until the next call on this objective
     * (for a model it reads the parameters, which the other calls overwrite).
     */
    HessianOperator hessian(double[] w);

    /**
     * The Gauss-Newton matrix J' H_L J at w through its products, valid as {@link #hessian}.
     *
     * @throws UnsupportedOperationException when the objective is not a loss of a model's output
     */
    default HessianOperator gaussNewton(double[] w) {
        throw new UnsupportedOperationException("gauss_newton needs a model's output and a loss on it (J' H_L J); "
                + "this objective is a plain function of w: use the Hessian (gauss_newton=false)");
    }
}
