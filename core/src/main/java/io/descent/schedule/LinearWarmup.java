package io.descent.schedule;

/**
 * Linear warm-up before another schedule (Goyal et al. 2017):
 *
 * <pre>
 *   factor(t) = inner(0) (t + 1) / W     for t &lt; W
 *   factor(t) = inner(t - W)             for t &gt;= W
 * </pre>
 *
 * The rate climbs in W equal steps to where the inner schedule starts, which then runs from its own step
 * 0 (PyTorch's {@code SequentialLR} of {@code LinearLR(start_factor=1/W, total_iters=W-1)} and the inner
 * schedule, milestone W).
 *
 * @param steps W, at least 1
 * @param inner the schedule after the warm-up
 */
public record LinearWarmup(long steps, Schedule inner) implements Schedule {

    public LinearWarmup {
        Require.atLeast("warm-up", "steps", steps, 1);
        if (inner == null) {
            throw new IllegalArgumentException("warm-up: needs the schedule to warm up into");
        }
    }

    @Override
    public double at(long t) {
        Require.step(t);
        if (t < steps) {
            return inner.at(0) * (t + 1) / steps;
        }
        return inner.at(t - steps);
    }
}
