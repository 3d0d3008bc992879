package io.descent.optim;

/**
 * Settings of AdaMax ({@link AdamaxStep}), PyTorch's defaults.
 *
 * @param lr          eta, in [0, inf); default 0.002
 * @param beta1       in [0, 1); default 0.9
 * @param beta2       in [0, 1); default 0.999
 * @param eps         in [0, inf); default 1e-8
 * @param weightDecay L2 weight decay, in [0, inf); default 0
 */
public record AdamaxConfig(double lr, double beta1, double beta2, double eps, double weightDecay) {

    public AdamaxConfig {
        Check.nonNegative("adamax", "lr", lr);
        Check.unitInterval("adamax", "beta1", beta1);
        Check.unitInterval("adamax", "beta2", beta2);
        Check.nonNegative("adamax", "eps", eps);
        Check.nonNegative("adamax", "weight decay", weightDecay);
    }

    public static AdamaxConfig defaults() {
        return new AdamaxConfig(2e-3, 0.9, 0.999, 1e-8, 0);
    }

    public AdamaxConfig withLr(double v) {
        return new AdamaxConfig(v, beta1, beta2, eps, weightDecay);
    }

    public AdamaxConfig withBetas(double b1, double b2) {
        return new AdamaxConfig(lr, b1, b2, eps, weightDecay);
    }

    public AdamaxConfig withEps(double v) {
        return new AdamaxConfig(lr, beta1, beta2, v, weightDecay);
    }

    public AdamaxConfig withWeightDecay(double v) {
        return new AdamaxConfig(lr, beta1, beta2, eps, v);
    }
}
