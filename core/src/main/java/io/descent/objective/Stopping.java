package io.descent.objective;

/**
 * When the lecture's loop "until stopping criterion is satisfied" ends: whichever comes first of
 *
 * <ul>
 *   <li>the gradient norm |grad f(w_t)| at most {@code gradientTolerance} (0 turns it off);</li>
 *   <li>the relative change |f(w_t) - f(w_{t-1})| at most {@code relativeTolerance} |f(w_{t-1})| (0 turns it
 *       off; a change of exactly 0 always meets it when on);</li>
 *   <li>{@code maxSteps} steps taken.</li>
 * </ul>
 *
 * <pre>{@code
 * Stopping stop = Stopping.afterSteps(10_000).orGradientNormBelow(1e-8).orRelativeChangeBelow(1e-12);
 * }</pre>
 */
public record Stopping(long maxSteps, double gradientTolerance, double relativeTolerance) {

    public Stopping {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("stopping: max steps = " + maxSteps + " is outside [0, inf)");
        }
        if (!(gradientTolerance >= 0)) {
            throw new IllegalArgumentException("stopping: gradient tolerance = " + gradientTolerance
                    + " is outside [0, inf)");
        }
        if (!(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("stopping: relative tolerance = " + relativeTolerance
                    + " is outside [0, inf)");
        }
    }

    /** Stops after {@code steps} steps and on no other criterion. */
    public static Stopping afterSteps(long steps) {
        return new Stopping(steps, 0, 0);
    }

    public Stopping orGradientNormBelow(double tolerance) {
        return new Stopping(maxSteps, tolerance, relativeTolerance);
    }

    public Stopping orRelativeChangeBelow(double tolerance) {
        return new Stopping(maxSteps, gradientTolerance, tolerance);
    }

    boolean gradientSmall(double gradientNorm) {
        return gradientTolerance > 0 && gradientNorm <= gradientTolerance;
    }

    boolean changeSmall(double previous, double current) {
        return relativeTolerance > 0 && Math.abs(current - previous) <= relativeTolerance * Math.abs(previous);
    }
}
