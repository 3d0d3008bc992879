package io.descent.optim;

/**
 * Settings of LARS ({@link LarsStep}), the paper's defaults.
 *
 * @param lr               gamma, the global learning rate, in [0, inf); default 0.1
 * @param momentum         m, in [0, 1]; default 0.9
 * @param weightDecay      beta, in [0, inf); default 5e-4
 * @param trustCoefficient eta, in [0, inf); default 1e-3
 */
public record LarsConfig(double lr, double momentum, double weightDecay, double trustCoefficient) {

    public LarsConfig {
        Check.nonNegative("lars", "lr", lr);
        Check.closedUnitInterval("lars", "momentum", momentum);
        Check.nonNegative("lars", "weight decay", weightDecay);
        Check.nonNegative("lars", "trust coefficient", trustCoefficient);
    }

    public static LarsConfig defaults() {
        return new LarsConfig(0.1, 0.9, 5e-4, 1e-3);
    }

    public LarsConfig withLr(double v) {
        return new LarsConfig(v, momentum, weightDecay, trustCoefficient);
    }

    public LarsConfig withMomentum(double v) {
        return new LarsConfig(lr, v, weightDecay, trustCoefficient);
    }

    public LarsConfig withWeightDecay(double v) {
        return new LarsConfig(lr, momentum, v, trustCoefficient);
    }

    public LarsConfig withTrustCoefficient(double v) {
        return new LarsConfig(lr, momentum, weightDecay, v);
    }
}
