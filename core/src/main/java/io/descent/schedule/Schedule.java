package io.descent.schedule;

/**
 * A learning-rate schedule: a pure function of the step (or epoch) t = 0, 1, 2, ... giving the factor by
 * which each parameter group's base learning rate is multiplied, as PyTorch's {@code LambdaLR} (DESIGN
 * rule 4, after Optax). A factor rather than an absolute rate, so that one schedule drives groups with
 * different rates. Nothing is stored: {@code at(t)} is the same whenever it is asked.
 *
 * <pre>{@code
 * Schedule s = Schedules.warmup(500, Schedules.cosine(10_000, 0.01));
 * optimizer.setLearningRateFactor(s.at(step));          // before each step
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {

    /** The factor at step {@code t} (t &gt;= 0). */
    double at(long t);
}
