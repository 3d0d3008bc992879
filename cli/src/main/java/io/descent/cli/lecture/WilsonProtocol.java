package io.descent.cli.lecture;

import io.descent.schedule.ReduceOnPlateau;
import io.descent.schedule.StepDecay;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The tuning protocol of Wilson, Roelofs, Stern, Srebro and Recht (2017, "The marginal value of adaptive gradient
 * methods in machine learning", section 4 and appendix): each optimizer gets its own logarithmically spaced grid of
 * initial step sizes alpha_0, is trained at every point with the step size decayed by the dev-decay rule, and is
 * compared at the grid point with the best development-set (validation) performance; the test error is only
 * reported, never used to choose.
 *
 * <p>The grids are those of the paper's appendix for its CIFAR-10 experiment, as far as we could check them (the
 * search tool found summaries that confirm the rule "a grid of alpha_0 over about five consecutive powers, widened
 * when the best is at an edge" but not the tables themselves, so the numbers below are from the paper as we read
 * it, not verified here against a copy):
 * <pre>
 *   SGD          {2, 1, 0.5, 0.25, 0.05, 0.01}
 *   HB (beta 0.9) {2, 1, 0.5, 0.25, 0.05, 0.01}
 *   AdaGrad      {0.1, 0.05, 0.01, 0.0075, 0.005}
 *   RMSProp      {0.005, 0.001, 0.0005, 0.0003, 0.0001}
 *   Adam         {0.005, 0.001, 0.0005, 0.0003, 0.0001, 0.00005}
 * </pre>
 * The standard budget keeps three points of each ({@link #SMALL}), where our small MLP trains; {@code --full} runs
 * the whole grids.
 *
 * <p>Decay: the paper decays alpha by a constant factor delta each time the development-set performance stops
 * improving within an epoch budget (dev-decay, in our words), or every k epochs (fixed decay). delta = 0.5 and a budget of one
 * epoch are ours (the paper tuned both per experiment).
 */
final class WilsonProtocol {
    static final String TASK = "MLP, Wilson et al.'s protocol";
    /** The decay factor delta of both rules. */
    static final double DECAY = 0.5;
    /** Epochs without a better validation error before dev-decay decays. */
    static final int BUDGET = 1;

    static final List<ClaimRuns.Method> PAPER = List.of(
            new ClaimRuns.Method("sgd", "sgd(lr=%s)", 1, new double[] {2, 1, 0.5, 0.25, 0.05, 0.01}),
            new ClaimRuns.Method("hb", "sgd(lr=%s, momentum=0.9)", 1, new double[] {2, 1, 0.5, 0.25, 0.05, 0.01}),
            new ClaimRuns.Method("adagrad", "adagrad(lr=%s)", 1, new double[] {0.1, 0.05, 0.01, 0.0075, 0.005}),
            new ClaimRuns.Method("rmsprop", "rmsprop(lr=%s)", 1, new double[] {0.005, 0.001, 0.0005, 0.0003, 0.0001}),
            new ClaimRuns.Method("adam", "adam(lr=%s)", 1,
                    new double[] {0.005, 0.001, 0.0005, 0.0003, 0.0001, 0.00005}));
    static final List<ClaimRuns.Method> SMALL = List.of(
            new ClaimRuns.Method("sgd", "sgd(lr=%s)", 1, new double[] {0.5, 0.25, 0.05}),
            new ClaimRuns.Method("hb", "sgd(lr=%s, momentum=0.9)", 1, new double[] {0.25, 0.05, 0.01}),
            new ClaimRuns.Method("adagrad", "adagrad(lr=%s)", 1, new double[] {0.05, 0.01, 0.005}),
            new ClaimRuns.Method("rmsprop", "rmsprop(lr=%s)", 1, new double[] {0.001, 0.0005, 0.0001}),
            new ClaimRuns.Method("adam", "adam(lr=%s)", 1, new double[] {0.001, 0.0005, 0.0001}));
    static final List<String> NON_ADAPTIVE = List.of("sgd", "hb");
    static final List<String> ADAPTIVE = List.of("adagrad", "rmsprop", "adam");

    private WilsonProtocol() {
    }

    /** The optimizers and their grids: the paper's whole grids, or three points of each. */
    static List<ClaimRuns.Method> methods(boolean paperGrid) {
        return paperGrid ? PAPER : SMALL;
    }

    /**
     * The grid point with the lowest validation measure (mean over seeds); NaN (a diverged run) never wins, and of
     * equal values the first (the larger step size, as the grids run from large to small) is kept. The test error
     * plays no part: choosing by it would tune on the test set.
     */
    static double bestOnGrid(double[] grid, DoubleUnaryOperator validation) {
        double best = grid[0];
        double lowest = Double.POSITIVE_INFINITY;
        for (double alpha : grid) {
            double v = validation.applyAsDouble(alpha);
            if (v < lowest) {
                lowest = v;
                best = alpha;
            }
        }
        return best;
    }

    /** The i-th step size (0-based) of a grid, the last one for grids shorter than i + 1. */
    static double at(double[] grid, int i) {
        return grid[Math.min(i, grid.length - 1)];
    }

    /** A rule that sets the factor of alpha_0 after each epoch from the validation error of that epoch. */
    interface Decay {
        /** The factor of alpha_0 for the next epoch, after epoch {@code epoch} (1-based) ended with {@code devError}. */
        double afterEpoch(int epoch, double devError);

        /** What the rule is, for the cache key and the table. */
        String text();
    }

    /**
     * dev-decay: alpha_{k+1} = delta alpha_k when the validation error has not fallen below its best for
     * {@code budget} epochs in a row, else alpha_{k+1} = alpha_k. It is {@link ReduceOnPlateau} with patience
     * budget - 1 and no threshold; a NaN error (a diverged run) counts as no improvement.
     */
    static Decay devDecay(double delta, int budget) {
        ReduceOnPlateau plateau = new ReduceOnPlateau(ReduceOnPlateau.Config.defaults().withFactor(delta)
                .withPatience(budget - 1).withThreshold(0, ReduceOnPlateau.ThresholdMode.ABSOLUTE).withMinFactor(0));
        return new Decay() {
            @Override
            public double afterEpoch(int epoch, double devError) {
                return plateau.update(Double.isNaN(devError) ? Double.POSITIVE_INFINITY : devError);
            }

            @Override
            public String text() {
                return String.format(Locale.ROOT, "dev-decay x%s after %d epoch%s without a better validation error",
                        ClaimRuns.Method.lr(delta), budget, budget == 1 ? "" : "s");
            }
        };
    }

    /** Fixed decay: alpha_k = alpha_0 delta^floor(k / every) after epoch k, whatever the validation error. */
    static Decay fixedDecay(double delta, int every) {
        StepDecay step = new StepDecay(every, delta);
        return new Decay() {
            @Override
            public double afterEpoch(int epoch, double devError) {
                return step.at(epoch);
            }

            @Override
            public String text() {
                return String.format(Locale.ROOT, "fixed decay x%s every %d epochs", ClaimRuns.Method.lr(delta), every);
            }
        };
    }

    /** The rule the claims table trains with. */
    static Decay decay() {
        return devDecay(DECAY, BUDGET);
    }
}
