package io.descent.schedule;

import java.util.Arrays;

/**
 * gamma^(number of milestones &lt;= t): the rate drops by gamma at each milestone (PyTorch's {@code MultiStepLR}).
 *
 * @param milestones increasing, non-negative steps
 * @param gamma      in [0, 1]
 */
public record MultiStepDecay(long[] milestones, double gamma) implements Schedule {

    public MultiStepDecay {
        milestones = milestones.clone();
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("multi-step decay: milestones " + Arrays.toString(milestones)
                        + " must be non-negative and increasing");
            }
        }
        Require.inRange("multi-step decay", "gamma", gamma, 0, 1, "[0, 1]");
    }

    @Override
    public long[] milestones() {
        return milestones.clone();
    }

    @Override
    public double at(long t) {
        Require.step(t);
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= t) {
            passed++;
        }
        return Math.pow(gamma, passed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiStepDecay m && Arrays.equals(milestones, m.milestones) && gamma == m.gamma;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(milestones) + Double.hashCode(gamma);
    }

    @Override
    public String toString() {
        return "MultiStepDecay[milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
    }
}
