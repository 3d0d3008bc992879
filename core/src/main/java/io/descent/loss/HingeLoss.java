package io.descent.loss;

/**
 * The hinge loss max(0, 1 - y s) of a raw score s and a label y = -1 or +1 (or 0/1, mapped to -1/+1): with
 * one {@code Linear} layer, a linear support vector machine (add weight decay for the usual regularized SVM).
 * Its subgradient is -y where the margin y s is below 1 and 0 where it is 1 or more: at the kink y s = 1
 * exactly, this implementation takes 0 (as {@code relu(1 - y s)} does in PyTorch).
 *
 * <pre>{@code
 * Tensor loss = new HingeLoss().apply(svm.forward(x), y);   // y in {-1, +1}
 * }</pre>
 */
public final class HingeLoss extends PointwiseLoss {
    private final Labels labels;

    /** Labels -1/+1, mean over examples. */
    public HingeLoss() {
        this(Labels.PLUS_MINUS_ONE, Reduction.MEAN);
    }

    public HingeLoss(Labels labels, Reduction reduction) {
        super(reduction);
        this.labels = labels;
    }

    @Override
    double target(double y, int index) {
        return labels.sign(y, "HingeLoss", index);
    }

    @Override
    double value(double s, double y) {
        return Math.max(0, 1 - y * s);
    }

    @Override
    double derivative(double s, double y) {
        return y * s < 1 ? -y : 0;
    }

    /** 0: piecewise linear (none at the kink). */
    @Override
    double secondDerivative(double s, double y) {
        return 0;
    }
}
