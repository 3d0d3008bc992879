package io.descent.objective;

import java.util.List;
import java.util.Optional;

/**
 * The path of one run: the points w_0, w_1, ..., the values and gradient norms there, why the run ended,
 * and the kind of stationary point the Hessian indicates at the end point (absent when the run diverged).
 * The end point need not be stationary: compare {@link #endGradientNorm()} with your tolerance.
 */
public record Trajectory(String method, List<double[]> points, double[] values, double[] gradientNorms,
                         StopReason reason, Optional<StationaryPoint.Kind> endKind) {

    public Trajectory {
        points = List.copyOf(points);
    }

    /** Steps taken: the number of points minus one. */
    public int steps() {
        return points.size() - 1;
    }

    public double[] end() {
        return points.get(points.size() - 1).clone();
    }

    public double endValue() {
        return values[values.length - 1];
    }

    public double endGradientNorm() {
        return gradientNorms[gradientNorms.length - 1];
    }
}
