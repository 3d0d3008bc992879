package io.descent.optim;

/**
 * Settings of AdaDelta ({@link AdadeltaScale}), PyTorch's defaults.
 *
 * @param lr          eta, scales the unit-corrected update, in [0, inf); default 1
 * @param rho         decay of both running means, in [0, 1]; default 0.9
 * @param eps         in [0, inf); default 1e-6
 * @param weightDecay L2 weight decay, in [0, inf); default 0
 */
public record AdadeltaConfig(double lr, double rho, double eps, double weightDecay) {

    public AdadeltaConfig {
        Check.nonNegative("adadelta", "lr", lr);
        Check.closedUnitInterval("adadelta", "rho", rho);
        Check.nonNegative("adadelta", "eps", eps);
        Check.nonNegative("adadelta", "weight decay", weightDecay);
    }

    public static AdadeltaConfig defaults() {
        return new AdadeltaConfig(1.0, 0.9, 1e-6, 0);
    }

    public AdadeltaConfig withLr(double v) {
        return new AdadeltaConfig(v, rho, eps, weightDecay);
    }

    public AdadeltaConfig withRho(double v) {
        return new AdadeltaConfig(lr, v, eps, weightDecay);
    }

    public AdadeltaConfig withEps(double v) {
        return new AdadeltaConfig(lr, rho, v, weightDecay);
    }

    public AdadeltaConfig withWeightDecay(double v) {
        return new AdadeltaConfig(lr, rho, eps, v);
    }
}
