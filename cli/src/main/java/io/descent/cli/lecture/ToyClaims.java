package io.descent.cli.lecture;

import io.descent.cli.OptimizerSpecs;
import io.descent.objective.Beale;
import io.descent.objective.Stopping;
import io.descent.objective.Trajectories;
import io.descent.objective.Trajectory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small, deterministic experiments behind some claims, run on demand and remembered: Beale's function from
 * (1, 1.5) (the gallery's base step sizes), Reddi et al.'s online problem (the base step 0.5 / sqrt(t)), and Wilson
 * et al.'s separable toy problem (one draw of labels per seed). Each is measured at any factor of its base step
 * sizes, so the claims table can test them across the same grid as the training runs.
 */
final class ToyClaims {
    static final List<ClaimRuns.Method> BEALE = List.of(
            new ClaimRuns.Method("sgd", "sgd(lr=%s)", 0.01),
            new ClaimRuns.Method("momentum", "sgd(lr=%s, momentum=0.9)", 0.001),
            new ClaimRuns.Method("nesterov", "nesterov(lr=%s, beta=0.9)", 0.001),
            new ClaimRuns.Method("adagrad", "adagrad(lr=%s)", 0.5),
            new ClaimRuns.Method("rmsprop", "rmsprop(lr=%s)", 0.01),
            new ClaimRuns.Method("adadelta", "adadelta(lr=%s)", 1),
            new ClaimRuns.Method("adam", "adam(lr=%s)", 0.05));
    static final List<ClaimRuns.Method> WILSON = List.of(
            new ClaimRuns.Method("sgd", "sgd(lr=%s)", 0.1),
            new ClaimRuns.Method("adagrad", "adagrad(lr=%s)", 0.1),
            new ClaimRuns.Method("rmsprop", "rmsprop(lr=%s)", 0.01),
            new ClaimRuns.Method("adam", "adam(lr=%s)", 0.01));
    static final double[] BEALE_START = {1, 1.5};
    /** A path is unstable when f rises on more than this share of its steps, or above its starting value. */
    static final double RISING_SHARE = 0.05;

    private final ClaimsBudget cb;
    private final Map<String, double[]> memo = new HashMap<>();

    ToyClaims(ClaimsBudget cb) {
        this.cb = cb;
    }

    static ClaimRuns.Method method(List<ClaimRuns.Method> methods, String name) {
        return methods.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** {final f, share of steps on which f rose, 1 if f went above its start else 0} of a Beale path. */
    double[] beale(String name, double factor) {
        return memo.computeIfAbsent("beale " + name + " " + factor, k -> {
            String spec = method(BEALE, name).spec(factor);
            Trajectory t = Trajectories.run(OptimizerSpecs.method(OptimizerSpecs.parse(spec)), new Beale(),
                    BEALE_START, Stopping.afterSteps(cb.bealeSteps()));
            double[] f = t.values();
            int rises = 0;
            boolean above = false;
            for (int s = 1; s < f.length; s++) {
                rises += f[s] > f[s - 1] || !Double.isFinite(f[s]) ? 1 : 0;
                above |= !(f[s] <= f[0]);
            }
            double end = Double.isFinite(t.endValue()) ? t.endValue() : Double.POSITIVE_INFINITY;
            return new double[] {end, (double) rises / Math.max(1, f.length - 1), above ? 1 : 0};
        });
    }

    boolean bealeUnstable(String name, double factor) {
        double[] b = beale(name, factor);
        return b[1] > RISING_SHARE || b[2] > 0;
    }

    /** The factor of the grid with the lowest final f on Beale's function. */
    double bealeBest(String name) {
        return argmin(factor -> beale(name, factor)[0]);
    }

    /** {mean x over the last third, average regret} on Reddi et al.'s problem, step factor x 0.5 / sqrt(t). */
    double[] reddi(boolean amsgrad, double factor) {
        return memo.computeIfAbsent("reddi " + amsgrad + " " + factor, k -> {
            double[] regret = new double[1];
            double[] path = AdamCounterexample.run(amsgrad, cb.reddiSteps(), AdamCounterexample.STEP * factor, regret);
            int from = path.length - 1 - (path.length - 1) / 3;
            double mean = 0;
            for (int t = from; t < path.length; t++) {
                mean += path[t];
            }
            return new double[] {mean / (path.length - from), regret[0]};
        });
    }

    /** The factor with the lowest average regret. */
    double reddiBest(boolean amsgrad) {
        return argmin(factor -> reddi(amsgrad, factor)[1]);
    }

    /** {training loss, training error, test error} on Wilson et al.'s toy problem drawn from {@code seed}. */
    double[] wilson(String name, double factor, int seed) {
        return memo.computeIfAbsent("wilson " + name + " " + factor + " " + seed, k -> WilsonToy.of(cb.wilsonPoints(),
                cb.wilsonPoints(), 300 + seed).fit(method(WILSON, name).spec(factor), cb.wilsonSteps()));
    }

    /** Over the seeds: column {@code c} of {@link #wilson}. */
    Spread wilsonSpread(String name, double factor, int c) {
        double[] v = new double[cb.toySeeds()];
        for (int s = 1; s <= v.length; s++) {
            v[s - 1] = wilson(name, factor, s)[c];
        }
        return Spread.of(v);
    }

    /** The factor with the lowest mean training loss (the toy problem has no validation set: it is separable). */
    double wilsonBest(String name) {
        return argmin(factor -> wilsonSpread(name, factor, 0).mean());
    }

    private double argmin(java.util.function.DoubleUnaryOperator value) {
        double best = cb.factors()[0];
        double lowest = Double.POSITIVE_INFINITY;
        for (double factor : cb.factors()) {
            double v = value.applyAsDouble(factor);
            if (v < lowest) {
                lowest = v;
                best = factor;
            }
        }
        return best;
    }
}
