package io.descent.optim;

/**
 * Settings of LAMB ({@link LambStep}), the paper's defaults.
 *
 * @param lr          eta, in [0, inf); default 1e-3
 * @param beta1       in [0, 1); default 0.9
 * @param beta2       in [0, 1); default 0.999
 * @param eps         in [0, inf); default 1e-6
 * @param weightDecay lambda, added to the adaptive step before the trust ratio, in [0, inf); default 0.01
 */
public record LambConfig(double lr, double beta1, double beta2, double eps, double weightDecay) {

    public LambConfig {
        Check.nonNegative("lamb", "lr", lr);
        Check.unitInterval("lamb", "beta1", beta1);
        Check.unitInterval("lamb", "beta2", beta2);
        Check.nonNegative("lamb", "eps", eps);
        Check.nonNegative("lamb", "weight decay", weightDecay);
    }

    public static LambConfig defaults() {
        return new LambConfig(1e-3, 0.9, 0.999, 1e-6, 0.01);
    }

    public LambConfig withLr(double v) {
        return new LambConfig(v, beta1, beta2, eps, weightDecay);
    }

    public LambConfig withBetas(double b1, double b2) {
        return new LambConfig(lr, b1, b2, eps, weightDecay);
    }

    public LambConfig withEps(double v) {
        return new LambConfig(lr, beta1, beta2, v, weightDecay);
    }

    public LambConfig withWeightDecay(double v) {
        return new LambConfig(lr, beta1, beta2, eps, v);
    }
}
