package io.descent.schedule;

/**
 * gamma^floor(t / stepSize): the rate drops by gamma every {@code stepSize} steps (PyTorch's {@code StepLR}).
 *
 * @param stepSize at least 1
 * @param gamma    in [0, 1]
 */
public record StepDecay(long stepSize, double gamma) implements Schedule {

    public StepDecay {
        Require.atLeast("step decay", "step size", stepSize, 1);
        Require.inRange("step decay", "gamma", gamma, 0, 1, "[0, 1]");
    }

    @Override
    public double at(long t) {
        Require.step(t);
        return Math.pow(gamma, t / stepSize);
    }
}
