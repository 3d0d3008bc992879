package io.descent.objective;

/** Why a run of {@link Trajectories} ended. */
public enum StopReason {
    /** |grad f(w_t)| fell to the tolerance. */
    GRADIENT_NORM,
    /** |f(w_t) - f(w_{t-1})| fell to the tolerance times |f(w_{t-1})|. */
    RELATIVE_CHANGE,
    /** The step budget was spent. */
    STEP_BUDGET,
    /** f(w_t) or its gradient is NaN or infinite: the method diverged (reported, never carried on). */
    DIVERGED
}
