package io.descent.optim;

/**
 * Settings of schedule-free SGD and AdamW ({@link ScheduleFreeStep}), with the defaults of the reference
 * package {@code schedulefree} ({@code SGDScheduleFree}, {@code AdamWScheduleFree}).
 *
 * @param lr          gamma, in [0, inf); default 1.0 for SGD, 0.0025 for AdamW
 * @param beta1       the interpolation beta (SGD's momentum), in (0, 1): evaluation divides by it; default 0.9
 * @param beta2       AdamW's second-moment beta, in [0, 1); default 0.999 (unused by SGD)
 * @param eps         AdamW's term added to sqrt(v), in [0, inf); default 1e-8 (unused by SGD)
 * @param warmupSteps steps of linear warmup, lr_t = gamma (t / warmupSteps) for t &lt;= warmupSteps; default 0
 * @param weightDecay lambda, taken at y, in [0, inf); default 0
 */
public record ScheduleFreeConfig(double lr, double beta1, double beta2, double eps, int warmupSteps,
        double weightDecay) {

    public ScheduleFreeConfig {
        Check.nonNegative("schedule-free", "lr", lr);
        Check.openUnitInterval("schedule-free", "beta1", beta1);
        Check.unitInterval("schedule-free", "beta2", beta2);
        Check.nonNegative("schedule-free", "eps", eps);
        Check.atLeast("schedule-free", "warmup steps", warmupSteps, 0);
        Check.nonNegative("schedule-free", "weight decay", weightDecay);
    }

    public static ScheduleFreeConfig sgdDefaults() {
        return new ScheduleFreeConfig(1.0, 0.9, 0.999, 1e-8, 0, 0);
    }

    public static ScheduleFreeConfig adamwDefaults() {
        return new ScheduleFreeConfig(0.0025, 0.9, 0.999, 1e-8, 0, 0);
    }

    public ScheduleFreeConfig withLr(double v) {
        return new ScheduleFreeConfig(v, beta1, beta2, eps, warmupSteps, weightDecay);
    }

    public ScheduleFreeConfig withBetas(double b1, double b2) {
        return new ScheduleFreeConfig(lr, b1, b2, eps, warmupSteps, weightDecay);
    }

    public ScheduleFreeConfig withEps(double v) {
        return new ScheduleFreeConfig(lr, beta1, beta2, v, warmupSteps, weightDecay);
    }

    public ScheduleFreeConfig withWarmupSteps(int v) {
        return new ScheduleFreeConfig(lr, beta1, beta2, eps, v, weightDecay);
    }

    public ScheduleFreeConfig withWeightDecay(double v) {
        return new ScheduleFreeConfig(lr, beta1, beta2, eps, warmupSteps, v);
    }
}
