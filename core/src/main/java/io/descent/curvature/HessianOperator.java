package io.descent.curvature;

/**
 * The Hessian H of a scalar loss with respect to a flat vector of parameters, seen only through its
 * products v -> H v (Pearlmutter 1994). The spectrum tools (Lanczos, Hutchinson's trace, stochastic Lanczos
 * quadrature) and the second-order optimizers need nothing more, so a network's Hessian, which has k^2
 * entries for k parameters, is never formed.
 *
 * <p>The vector's layout is the parameters' order ({@code Module.parameters()}), each parameter's values in
 * its own row-major order, concatenated. Products are computed in float64.
 */
public interface HessianOperator {

    /** k, the number of parameters: the length of every vector passed in and out. */
    int dimension();

    /**
     * Writes H v into {@code out} (length {@link #dimension()}, not aliased with {@code v}); {@code v} is left
     * unchanged.
     */
    void apply(double[] v, double[] out);
}
