package io.descent.optim;

/**
 * Settings of Lion ({@link LionStep}), the defaults of the paper's reference code.
 *
 * @param lr          eta, in [0, inf); default 1e-4 (3-10x below AdamW's, as the paper advises)
 * @param beta1       the interpolation's beta, in [0, 1]; default 0.9
 * @param beta2       the momentum's beta, in [0, 1); default 0.99
 * @param weightDecay decoupled weight decay lambda, in [0, inf); default 0
 */
public record LionConfig(double lr, double beta1, double beta2, double weightDecay) {

    public LionConfig {
        Check.nonNegative("lion", "lr", lr);
        Check.closedUnitInterval("lion", "beta1", beta1);
        Check.unitInterval("lion", "beta2", beta2);
        Check.nonNegative("lion", "weight decay", weightDecay);
    }

    public static LionConfig defaults() {
        return new LionConfig(1e-4, 0.9, 0.99, 0);
    }

    public LionConfig withLr(double v) {
        return new LionConfig(v, beta1, beta2, weightDecay);
    }

    public LionConfig withBetas(double b1, double b2) {
        return new LionConfig(lr, b1, b2, weightDecay);
    }

    public LionConfig withWeightDecay(double v) {
        return new LionConfig(lr, beta1, beta2, v);
    }
}
