package io.descent.loss;

/**
 * The square loss (s - y)^2, averaged over all elements by default (PyTorch's {@code MSELoss}): with one
 * {@code Linear} layer, linear regression. Derivative 2 (s - y).
 *
 * <pre>{@code
 * Tensor loss = new SquareLoss().apply(new Linear(d, 1, true, rng).forward(x), y);   // y: [N, 1] or [N]
 * }</pre>
 */
public final class SquareLoss extends PointwiseLoss {
    public SquareLoss() {
        this(Reduction.MEAN);
    }

    public SquareLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    double target(double y, int index) {
        return y;
    }

    @Override
    double value(double s, double y) {
        double d = s - y;
        return d * d;
    }

    @Override
    double derivative(double s, double y) {
        return 2 * (s - y);
    }

    @Override
    double secondDerivative(double s, double y) {
        return 2;
    }
}
