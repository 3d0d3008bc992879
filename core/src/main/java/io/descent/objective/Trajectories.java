package io.descent.objective;

import io.descent.nn.Parameter;
import io.descent.optim.Objective;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The lecture's loop, recorded:
 *
 * <pre>
 *   w_0 = start
 *   repeat: evaluate f(w_t) and |grad f(w_t)|; stop if the criterion is met; w_{t+1} = step(w_t)
 * </pre>
 *
 * The criterion ({@link Stopping}) is checked at every point, the start included, so a run from a
 * stationary point takes no step. The end point's kind comes from the Hessian there, for objectives of up
 * to {@link #CLASSIFY_UP_TO} variables.
 *
 * <pre>{@code
 * Trajectory path = Trajectories.run(Method.newton(NewtonConfig.defaults()), new Beale(),
 *         new double[] {1, 1.5}, Stopping.afterSteps(100).orGradientNormBelow(1e-10));
 * path.reason();     // GRADIENT_NORM
 * path.endKind();    // Optional[MINIMUM]
 * }</pre>
 */
public final class Trajectories {
    /** Objectives with more variables get no end-point kind: their Hessian would be too large to build. */
    public static final int CLASSIFY_UP_TO = 4096;

    private Trajectories() {
    }

    public static Trajectory run(Method method, Objective f, double[] start, Stopping stop) {
        return run(method, f, start, stop, DType.FLOAT64);
    }

    /**
     * The same walk with the point held in {@code dtype}: float32 shows what single precision does to a
     * method (Newton's method needs float64). Values, gradients and the record are computed in float64.
     */
    public static Trajectory run(Method method, Objective f, double[] start, Stopping stop, DType dtype) {
        if (start.length != f.dimension()) {
            throw new IllegalArgumentException("trajectory: the start has " + start.length + " values, the objective "
                    + f.dimension() + " variables");
        }
        Parameter point = new Parameter("point", Tensor.of(start, start.length).to(dtype));
        Tensor w = point.value();
        Method.Walker walker = method.start(point, f);
        var points = new ArrayList<double[]>();
        var values = new ArrayList<Double>();
        var norms = new ArrayList<Double>();
        StopReason reason;
        for (long t = 0; ; t++) {
            double[] x = w.toDoubleArray();
            double value = f.value(w);
            double norm = norm(f.gradient(w).toDoubleArray());
            points.add(x);
            values.add(value);
            norms.add(norm);
            if (!Double.isFinite(value) || !Double.isFinite(norm) || !finite(x)) {
                reason = StopReason.DIVERGED;
                break;
            }
            if (stop.gradientSmall(norm)) {
                reason = StopReason.GRADIENT_NORM;
                break;
            }
            if (t > 0 && stop.changeSmall(values.get(values.size() - 2), value)) {
                reason = StopReason.RELATIVE_CHANGE;
                break;
            }
            if (t == stop.maxSteps()) {
                reason = StopReason.STEP_BUDGET;
                break;
            }
            walker.step();
        }
        boolean classifiable = reason != StopReason.DIVERGED && f.dimension() <= CLASSIFY_UP_TO;
        Optional<StationaryPoint.Kind> kind = classifiable
                ? Optional.of(StationaryPoint.classify(f, points.get(points.size() - 1)))
                : Optional.empty();
        return new Trajectory(method.name(), points, unbox(values), unbox(norms), reason, kind);
    }

    private static double norm(double[] g) {
        double s = 0;
        for (double v : g) {
            s = Math.fma(v, v, s);
        }
        return Math.sqrt(s);
    }

    private static boolean finite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double[] unbox(ArrayList<Double> list) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
