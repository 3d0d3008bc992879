package io.descent.nn;

/** x for x &gt; 0, else slope x (Maas et al. 2013); derivative 1 or slope (slope at 0, as PyTorch). Default slope 0.01. */
public final class LeakyReLU extends Pointwise {
    private final double slope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: negative_slope must be finite, got " + slope);
        }
        this.slope = slope;
    }

    @Override
    double value(double x) {
        return x > 0 ? x : slope * x;
    }

    @Override
    double derivative(double x, double y) {
        return x > 0 ? 1 : slope;
    }

    /** 0: piecewise linear (the kink at 0 has no second derivative). */
    @Override
    double secondDerivative(double x, double y) {
        return 0;
    }

    @Override
    public Spec spec() {
        return Spec.of("LeakyReLU", "negative_slope", slope);
    }
}
