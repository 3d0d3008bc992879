package io.descent.schedule;

/**
 * A schedule driven by a measured metric (a validation loss) rather than by the step: it keeps state, so it
 * is not a {@link Schedule}. After each epoch, {@link #update} takes the metric and returns the factor of
 * the base learning rate for the next epoch.
 *
 * <pre>{@code
 * MetricSchedule plateau = new ReduceOnPlateau(ReduceOnPlateau.Config.defaults().withPatience(5));
 * optimizer.setLearningRateFactor(plateau.update(validationLoss));
 * }</pre>
 */
public interface MetricSchedule {

    /** Takes the metric of the epoch just finished; returns the factor for the next. */
    double update(double metric);

    /** The current factor (1 before any reduction). */
    double factor();
}
