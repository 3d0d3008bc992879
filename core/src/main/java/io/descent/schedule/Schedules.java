package io.descent.schedule;

/**
 * The schedules by name. Each gives a factor of the base learning rate at step t (see {@link Schedule}):
 *
 * <pre>{@code
 * Schedules.step(30, 0.1)                        // x0.1 every 30 epochs
 * Schedules.multiStep(new long[] {30, 80}, 0.1)  // x0.1 at epochs 30 and 80
 * Schedules.exponential(0.95)
 * Schedules.cosine(100, 0.0)
 * Schedules.warmup(5, Schedules.cosine(95, 0.0)) // 5 steps of linear warm-up, then the cosine
 * }</pre>
 *
 * {@link ReduceOnPlateau}, which reads a metric, is not a function of the step and stands apart.
 */
public final class Schedules {
    private Schedules() {
    }

    public static Schedule constant() {
        return new Constant();
    }

    public static Schedule step(long stepSize, double gamma) {
        return new StepDecay(stepSize, gamma);
    }

    public static Schedule multiStep(long[] milestones, double gamma) {
        return new MultiStepDecay(milestones, gamma);
    }

    public static Schedule exponential(double gamma) {
        return new ExponentialDecay(gamma);
    }

    public static Schedule cosine(long period, double minFactor) {
        return new CosineAnnealing(period, minFactor);
    }

    /** One-cycle (Smith 2018) over {@code totalSteps}, PyTorch's defaults; the optimizer's rate is the peak. */
    public static OneCycle oneCycle(long totalSteps) {
        return OneCycle.of(totalSteps);
    }

    /** SGDR (Loshchilov and Hutter 2017): cosine cycles of T_0, T_0 T_mult, ... steps down to minFactor. */
    public static Schedule cosineWarmRestarts(long firstPeriod, long periodMult, double minFactor) {
        return new CosineWarmRestarts(firstPeriod, periodMult, minFactor);
    }

    /** {@code steps} steps of linear warm-up, then {@code inner} from its step 0. */
    public static Schedule warmup(long steps, Schedule inner) {
        return new LinearWarmup(steps, inner);
    }

    /** {@code steps} steps of linear warm-up to the base rate, which then stays. */
    public static Schedule warmup(long steps) {
        return new LinearWarmup(steps, new Constant());
    }
}
