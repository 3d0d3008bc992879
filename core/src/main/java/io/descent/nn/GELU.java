package io.descent.nn;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel 2016) in its exact form, PyTorch's default:
 * x Phi(x) = x (1 + erf(x / sqrt 2)) / 2; derivative Phi(x) + x phi(x), with phi the standard normal
 * density. {@link Erf} gives erf to about 1e-15.
 */
public final class GELU extends Pointwise {
    @Override
    double value(double x) {
        return x * Erf.normalCdf(x);
    }

    @Override
    double derivative(double x, double y) {
        return Erf.normalCdf(x) + x * Erf.normalPdf(x);
    }

    /** d/dx (Phi + x phi) = 2 phi + x phi' = phi(x) (2 - x^2). */
    @Override
    double secondDerivative(double x, double y) {
        return Erf.normalPdf(x) * (2 - x * x);
    }

    @Override
    public Spec spec() {
        return Spec.of("GELU");
    }
}
