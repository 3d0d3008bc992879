/**
 * Curvature of a loss: Hessian-vector products and what is built on them (the spectrum at a point, the
 * second-order optimizers that never form the Hessian).
 *
 * <p>Products come from {@link io.descent.curvature.Hessians#of}, the one place that picks their implementation
 * ({@link io.descent.curvature.GradientDifferenceHessian} until exact products land). On them:
 * {@link io.descent.curvature.Lanczos} and {@link io.descent.curvature.ExtremeEigenvalues} (the largest and
 * smallest eigenvalues), {@link io.descent.curvature.Hutchinson} (the trace),
 * {@link io.descent.curvature.SpectralDensity} (stochastic Lanczos quadrature), and
 * {@link io.descent.curvature.Verdict} (the second-order test in words). {@link io.descent.curvature.Float64Copy}
 * makes the float64 twin of a float32 model they are measured on.
 */
package io.descent.curvature;
