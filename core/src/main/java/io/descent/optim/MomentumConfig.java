package io.descent.optim;

/**
 * Settings of the lecture's two momentum methods, Polyak's heavy ball ({@link HeavyBallStep}) and
 * Nesterov's look-ahead ({@link NesterovLookahead}).
 *
 * @param lr   alpha, in [0, inf); default 0.01
 * @param beta in [0, 1); default 0.9
 */
public record MomentumConfig(double lr, double beta) {

    public MomentumConfig {
        Check.nonNegative("momentum", "lr", lr);
        Check.unitInterval("momentum", "beta", beta);
    }

    public static MomentumConfig defaults() {
        return new MomentumConfig(0.01, 0.9);
    }

    public MomentumConfig withLr(double v) {
        return new MomentumConfig(v, beta);
    }

    public MomentumConfig withBeta(double v) {
        return new MomentumConfig(lr, v);
    }
}
