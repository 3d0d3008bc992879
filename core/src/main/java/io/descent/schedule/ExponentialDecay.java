package io.descent.schedule;

/**
 * gamma^t (PyTorch's {@code ExponentialLR}).
 *
 * @param gamma in [0, 1]
 */
public record ExponentialDecay(double gamma) implements Schedule {

    public ExponentialDecay {
        Require.inRange("exponential decay", "gamma", gamma, 0, 1, "[0, 1]");
    }

    @Override
    public double at(long t) {
        Require.step(t);
        return Math.pow(gamma, t);
    }
}
