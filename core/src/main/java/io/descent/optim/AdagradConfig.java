package io.descent.optim;

/**
 * Settings of AdaGrad ({@link AdagradStep}), PyTorch's defaults.
 *
 * @param lr                      eta, in [0, inf); default 0.01
 * @param lrDecay                 in [0, inf); default 0
 * @param weightDecay             L2 weight decay, in [0, inf); default 0
 * @param initialAccumulatorValue G_0, in [0, inf); default 0
 * @param eps                     in [0, inf); default 1e-10
 */
public record AdagradConfig(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {

    public AdagradConfig {
        Check.nonNegative("adagrad", "lr", lr);
        Check.nonNegative("adagrad", "lr decay", lrDecay);
        Check.nonNegative("adagrad", "weight decay", weightDecay);
        Check.nonNegative("adagrad", "initial accumulator value", initialAccumulatorValue);
        Check.nonNegative("adagrad", "eps", eps);
    }

    public static AdagradConfig defaults() {
        return new AdagradConfig(0.01, 0, 0, 0, 1e-10);
    }

    public AdagradConfig withLr(double v) {
        return new AdagradConfig(v, lrDecay, weightDecay, initialAccumulatorValue, eps);
    }

    public AdagradConfig withLrDecay(double v) {
        return new AdagradConfig(lr, v, weightDecay, initialAccumulatorValue, eps);
    }

    public AdagradConfig withWeightDecay(double v) {
        return new AdagradConfig(lr, lrDecay, v, initialAccumulatorValue, eps);
    }

    public AdagradConfig withInitialAccumulatorValue(double v) {
        return new AdagradConfig(lr, lrDecay, weightDecay, v, eps);
    }

    public AdagradConfig withEps(double v) {
        return new AdagradConfig(lr, lrDecay, weightDecay, initialAccumulatorValue, v);
    }
}
