package io.descent.nn;

/**
 * x for x &gt; 0, else alpha (e^x - 1) (Clevert et al. 2015); derivative 1, or alpha e^x = y + alpha for
 * x &lt;= 0. Default alpha 1.
 */
public final class ELU extends Pointwise {
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    double value(double x) {
        return x > 0 ? x : alpha * Math.expm1(x);
    }

    @Override
    double derivative(double x, double y) {
        return x > 0 ? 1 : alpha * Math.exp(x);
    }

    /** 0 for x &gt; 0, else alpha e^x. */
    @Override
    double secondDerivative(double x, double y) {
        return x > 0 ? 0 : alpha * Math.exp(x);
    }

    @Override
    public Spec spec() {
        return Spec.of("ELU", "alpha", alpha);
    }
}
