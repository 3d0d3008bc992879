/**
 * Learning-rate schedules as pure functions of the step ({@link io.descent.schedule.Schedule}, factors of
 * the base rate): step, multi-step, exponential, cosine annealing, and linear warm-up before any of them;
 * {@link io.descent.schedule.ReduceOnPlateau}, which reads a metric, implements the separate
 * {@link io.descent.schedule.MetricSchedule}. Values agree with PyTorch 1.13's schedulers (SchedulesTest).
 *
 * <pre>{@code
 * Schedule s = Schedules.warmup(500, Schedules.cosine(9_500, 0.0));
 * for (long t = 0; t < 10_000; t++) { optimizer.setLearningRateFactor(s.at(t)); ... optimizer.step(); }
 * }</pre>
 */
package io.descent.schedule;
