package io.descent.optim;

/**
 * Settings of stochastic gradient descent with momentum, PyTorch's semantics ({@link Trace}).
 *
 * @param lr          eta, in [0, inf); default 0.01
 * @param momentum    mu, in [0, 1); default 0 (plain gradient descent)
 * @param dampening   in [0, 1]; default 0
 * @param nesterov    Nesterov's form (needs momentum &gt; 0 and dampening 0); default false
 * @param weightDecay L2 weight decay folded into the gradient, in [0, inf); default 0
 */
public record SgdConfig(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {

    public SgdConfig {
        Check.nonNegative("sgd", "lr", lr);
        Check.unitInterval("sgd", "momentum", momentum);
        Check.closedUnitInterval("sgd", "dampening", dampening);
        Check.nonNegative("sgd", "weight decay", weightDecay);
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd: nesterov needs momentum > 0 and dampening = 0, got momentum = "
                    + momentum + " and dampening = " + dampening);
        }
    }

    public static SgdConfig defaults() {
        return new SgdConfig(0.01, 0, 0, false, 0);
    }

    public SgdConfig withLr(double v) {
        return new SgdConfig(v, momentum, dampening, nesterov, weightDecay);
    }

    public SgdConfig withMomentum(double v) {
        return new SgdConfig(lr, v, dampening, nesterov, weightDecay);
    }

    public SgdConfig withDampening(double v) {
        return new SgdConfig(lr, momentum, v, nesterov, weightDecay);
    }

    public SgdConfig withNesterov(boolean v) {
        return new SgdConfig(lr, momentum, dampening, v, weightDecay);
    }

    public SgdConfig withWeightDecay(double v) {
        return new SgdConfig(lr, momentum, dampening, nesterov, v);
    }
}
