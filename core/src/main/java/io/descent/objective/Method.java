package io.descent.objective;

import io.descent.nn.Parameter;
import io.descent.optim.ClosureOptimizer;
import io.descent.optim.CurvatureObjective;
import io.descent.optim.ObjectiveCurvature;
import io.descent.optim.Newton;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Objective;
import io.descent.optim.Optimizer;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A way to walk a point downhill, one step at a time: a first-order optimizer fed the objective's
 * gradient, an optimizer that calls a closure (L-BFGS, Nesterov's look-ahead), or Newton's method. The same
 * optimizer objects that train networks walk the 2-D test functions: the point is a {@link Parameter} of
 * shape [2].
 *
 * <pre>{@code
 * Method adam = Method.firstOrder("adam", ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(0.01)));
 * Method lbfgs = Method.withClosure("lbfgs", ps -> Optimizers.lbfgs(ps, LbfgsConfig.defaults().withMaxIter(1)));
 * Method newton = Method.newton(NewtonConfig.defaults());
 * }</pre>
 */
public interface Method {

    String name();

    /** Binds the method to a point (float64, shape [k]) and an objective; the walker takes one step per call. */
    Walker start(Parameter point, Objective f);

    /** Advances the point by one step of the method. */
    @FunctionalInterface
    interface Walker {
        void step();
    }

    /** Each step sets the point's gradient to grad f and calls {@link Optimizer#step()}. */
    static Method firstOrder(String name, Function<List<Parameter>, ? extends Optimizer> factory) {
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Walker start(Parameter point, Objective f) {
                Optimizer optimizer = factory.apply(List.of(point));
                Tensor w = point.value();
                return () -> {
                    w.setGrad(f.gradient(w).to(w.dtype()));
                    optimizer.step();
                };
            }
        };
    }

    /** Each step calls {@link ClosureOptimizer#step} with a closure that sets the gradient and returns f. */
    static Method withClosure(String name, Function<List<Parameter>, ? extends ClosureOptimizer> factory) {
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Walker start(Parameter point, Objective f) {
                ClosureOptimizer optimizer = factory.apply(List.of(point));
                Tensor w = point.value();
                return () -> optimizer.step(() -> {
                    w.setGrad(f.gradient(w).to(w.dtype()));
                    return f.value(w);
                });
            }
        };
    }

    /**
     * Each step is one step of a method on {@link CurvatureObjective} (Newton-CG, saddle-free Newton) over the
     * function seen through {@link ObjectiveCurvature}; the point must be float64.
     */
    static Method onCurvature(String name, Function<CurvatureObjective, Consumer<double[]>> factory) {
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Walker start(Parameter point, Objective f) {
                Consumer<double[]> step = factory.apply(new ObjectiveCurvature(f));
                Tensor w = point.value();
                if (w.dtype() != io.descent.tensor.DType.FLOAT64) {
                    throw new IllegalArgumentException(name + ": runs in float64, the point is " + w.dtype());
                }
                return () -> {
                    double[] x = w.toDoubleArray();
                    step.accept(x);
                    System.arraycopy(x, 0, w.doubles(), w.offset(), x.length);
                };
            }
        };
    }

    /** Each step is one damped Newton step with backtracking ({@link Newton#step}). */
    static Method newton(NewtonConfig config) {
        return new Method() {
            @Override
            public String name() {
                return "newton";
            }

            @Override
            public Walker start(Parameter point, Objective f) {
                Newton newton = new Newton(f, config);
                Tensor w = point.value();
                return () -> newton.step(w);
            }
        };
    }
}
