/**
 * Functions to minimize directly and the toy runs over them: Beale, Rosenbrock, the saddle y^4 - x^4, an
 * ill-conditioned quadratic, and the empirical risk of a model ({@link io.descent.objective.Erm}); any
 * method ({@link io.descent.objective.Method}) walks them from a start point under a
 * {@link io.descent.objective.Stopping} criterion, {@link io.descent.objective.Trajectories} records the
 * path, and {@link io.descent.objective.StationaryPoint} tells the kind of its end point from the Hessian's
 * eigenvalues ({@link io.descent.objective.Jacobi}).
 *
 * <pre>{@code
 * Trajectory path = Trajectories.run(
 *         Method.firstOrder("adam", ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(0.01))),
 *         new Beale(), new double[] {1, 1.5}, Stopping.afterSteps(300).orGradientNormBelow(1e-8));
 * }</pre>
 */
package io.descent.objective;
