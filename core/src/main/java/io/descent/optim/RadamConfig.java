package io.descent.optim;

/**
 * Settings of RAdam ({@link RadamStep}), PyTorch 1.13's defaults.
 *
 * @param lr          eta, in [0, inf); default 1e-3
 * @param beta1       in [0, 1); default 0.9
 * @param beta2       in [0, 1); default 0.999
 * @param eps         in [0, inf); default 1e-8
 * @param weightDecay L2 weight decay, in [0, inf); default 0
 */
public record RadamConfig(double lr, double beta1, double beta2, double eps, double weightDecay) {

    public RadamConfig {
        Check.nonNegative("radam", "lr", lr);
        Check.unitInterval("radam", "beta1", beta1);
        Check.unitInterval("radam", "beta2", beta2);
        Check.nonNegative("radam", "eps", eps);
        Check.nonNegative("radam", "weight decay", weightDecay);
    }

    public static RadamConfig defaults() {
        return new RadamConfig(1e-3, 0.9, 0.999, 1e-8, 0);
    }

    public RadamConfig withLr(double v) {
        return new RadamConfig(v, beta1, beta2, eps, weightDecay);
    }

    public RadamConfig withBetas(double b1, double b2) {
        return new RadamConfig(lr, b1, b2, eps, weightDecay);
    }

    public RadamConfig withEps(double v) {
        return new RadamConfig(lr, beta1, beta2, v, weightDecay);
    }

    public RadamConfig withWeightDecay(double v) {
        return new RadamConfig(lr, beta1, beta2, eps, v);
    }
}
