package io.descent.optim;

/**
 * Settings of NAdam ({@link NadamStep}), PyTorch's defaults.
 *
 * @param lr            eta, in [0, inf); default 0.002
 * @param beta1         in [0, 1); default 0.9
 * @param beta2         in [0, 1); default 0.999
 * @param eps           in [0, inf); default 1e-8
 * @param weightDecay   L2 weight decay, in [0, inf); default 0
 * @param momentumDecay psi of the momentum schedule, in [0, inf); default 0.004
 */
public record NadamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay) {

    public NadamConfig {
        Check.nonNegative("nadam", "lr", lr);
        Check.unitInterval("nadam", "beta1", beta1);
        Check.unitInterval("nadam", "beta2", beta2);
        Check.nonNegative("nadam", "eps", eps);
        Check.nonNegative("nadam", "weight decay", weightDecay);
        Check.nonNegative("nadam", "momentum decay", momentumDecay);
    }

    public static NadamConfig defaults() {
        return new NadamConfig(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);
    }

    public NadamConfig withLr(double v) {
        return new NadamConfig(v, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    public NadamConfig withBetas(double b1, double b2) {
        return new NadamConfig(lr, b1, b2, eps, weightDecay, momentumDecay);
    }

    public NadamConfig withEps(double v) {
        return new NadamConfig(lr, beta1, beta2, v, weightDecay, momentumDecay);
    }

    public NadamConfig withWeightDecay(double v) {
        return new NadamConfig(lr, beta1, beta2, eps, v, momentumDecay);
    }

    public NadamConfig withMomentumDecay(double v) {
        return new NadamConfig(lr, beta1, beta2, eps, weightDecay, v);
    }
}
