package io.descent.nn;

/**
 * log(1 + e^{beta x}) / beta, a smooth ReLU, computed as (max(z, 0) + log1p(e^{-|z|})) / beta with z = beta x so
 * that no exponential overflows (x = 1000 gives 1000); derivative sigmoid(beta x). Default beta 1. (PyTorch
 * switches to the identity above beta x = 20; the difference there is below 1e-9 relative.)
 */
public final class Softplus extends Pointwise {
    private final double beta;

    public Softplus() {
        this(1.0);
    }

    public Softplus(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("Softplus: beta must be positive and finite, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    double value(double x) {
        double z = beta * x;
        return (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / beta;
    }

    @Override
    double derivative(double x, double y) {
        double z = beta * x;
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** d/dx sigmoid(beta x) = beta s (1 - s). */
    @Override
    double secondDerivative(double x, double y) {
        double s = derivative(x, y);
        return beta * s * (1 - s);
    }

    @Override
    public Spec spec() {
        return Spec.of("Softplus", "beta", beta);
    }
}
