package io.descent.loss;

/**
 * The logistic loss of a raw score s (a logit, not a probability) and a binary label: with one
 * {@code Linear} layer, logistic regression. With the label as y = -1 or +1 and the margin m = y s,
 * <pre>
 *   l = log(1 + e^{-m}) = max(-m, 0) + log1p(e^{-|m|}),     dl/ds = -y sigmoid(-m)
 * </pre>
 * computed in the second form, so a margin of +-1000 gives 0 or 1000, never an overflow. Labels 0 and 1
 * ({@link Labels#ZERO_ONE}) are mapped to -1 and +1 first; the loss is then PyTorch's
 * {@code BCEWithLogitsLoss}, and with -1/+1 its {@code SoftMarginLoss}.
 *
 * <pre>{@code
 * Tensor loss = new LogLoss(Labels.ZERO_ONE, Reduction.MEAN).apply(scores, labels);
 * }</pre>
 */
public final class LogLoss extends PointwiseLoss {
    private final Labels labels;

    /** Labels -1/+1, mean over examples. */
    public LogLoss() {
        this(Labels.PLUS_MINUS_ONE, Reduction.MEAN);
    }

    public LogLoss(Labels labels, Reduction reduction) {
        super(reduction);
        this.labels = labels;
    }

    @Override
    double target(double y, int index) {
        return labels.sign(y, "LogLoss", index);
    }

    @Override
    double value(double s, double y) {
        double m = y * s;
        return Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
    }

    @Override
    double derivative(double s, double y) {
        double m = y * s;
        // sigmoid(-m), without overflow for either sign
        double sig = m >= 0 ? Math.exp(-m) / (1 + Math.exp(-m)) : 1 / (1 + Math.exp(m));
        return -y * sig;
    }

    /** y^2 sigmoid(m) sigmoid(-m) with m = y s. */
    @Override
    double secondDerivative(double s, double y) {
        double m = y * s;
        double e = Math.exp(-Math.abs(m));
        return y * y * e / ((1 + e) * (1 + e));
    }
}
