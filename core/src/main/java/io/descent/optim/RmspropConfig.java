package io.descent.optim;

/**
 * Settings of RMSProp ({@link RmspropStep}), PyTorch's defaults.
 *
 * @param lr          eta, in [0, inf); default 0.01
 * @param alpha       decay of the mean square, in [0, 1); default 0.99
 * @param eps         in [0, inf); default 1e-8
 * @param weightDecay L2 weight decay, in [0, inf); default 0
 * @param momentum    in [0, 1); default 0
 * @param centered    divide by the estimated standard deviation instead of the root mean square; default false
 */
public record RmspropConfig(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {

    public RmspropConfig {
        Check.nonNegative("rmsprop", "lr", lr);
        Check.unitInterval("rmsprop", "alpha", alpha);
        Check.nonNegative("rmsprop", "eps", eps);
        Check.nonNegative("rmsprop", "weight decay", weightDecay);
        Check.unitInterval("rmsprop", "momentum", momentum);
    }

    public static RmspropConfig defaults() {
        return new RmspropConfig(0.01, 0.99, 1e-8, 0, 0, false);
    }

    public RmspropConfig withLr(double v) {
        return new RmspropConfig(v, alpha, eps, weightDecay, momentum, centered);
    }

    public RmspropConfig withAlpha(double v) {
        return new RmspropConfig(lr, v, eps, weightDecay, momentum, centered);
    }

    public RmspropConfig withEps(double v) {
        return new RmspropConfig(lr, alpha, v, weightDecay, momentum, centered);
    }

    public RmspropConfig withWeightDecay(double v) {
        return new RmspropConfig(lr, alpha, eps, v, momentum, centered);
    }

    public RmspropConfig withMomentum(double v) {
        return new RmspropConfig(lr, alpha, eps, weightDecay, v, centered);
    }

    public RmspropConfig withCentered(boolean v) {
        return new RmspropConfig(lr, alpha, eps, weightDecay, momentum, v);
    }
}
