package io.descent.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.objective.StationaryPoint.Kind;
import io.descent.optim.AdamConfig;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.MomentumConfig;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Objective;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The toy runs: any method walks any objective from a start point, the path is recorded, the run stops on
 * whichever criterion comes first, and the end point's kind is reported.
 */
class TrajectoriesTest {
    static final Method GD = Method.firstOrder("gd", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(1e-3)));
    static final Method ADAM = Method.firstOrder("adam", ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(0.01)));
    static final Method HEAVY_BALL = Method.firstOrder("heavy ball",
            ps -> Optimizers.heavyBall(ps, new MomentumConfig(1e-3, 0.9)));
    static final Method NESTEROV = Method.withClosure("nesterov",
            ps -> Optimizers.nesterovLookahead(ps, new MomentumConfig(1e-3, 0.9)));
    static final Method LBFGS = Method.withClosure("lbfgs",
            ps -> Optimizers.lbfgs(ps, LbfgsConfig.defaults().withMaxIter(1).withStrongWolfe(true)));
    static final Method NEWTON = Method.newton(NewtonConfig.defaults());

    @Test
    void theRecordHoldsEveryPointWithItsValueAndGradientNorm() {
        Beale f = new Beale();
        Trajectory path = Trajectories.run(GD, f, new double[] {1, 1.5}, Stopping.afterSteps(25));
        assertThat(path.reason()).isEqualTo(StopReason.STEP_BUDGET);
        assertThat(path.steps()).isEqualTo(25);
        assertThat(path.points()).hasSize(26);
        assertThat(path.points().get(0)).containsExactly(1, 1.5);
        for (int t = 0; t <= 25; t++) {
            double[] p = path.points().get(t);
            assertThat(path.values()[t]).isEqualTo(f.value(p[0], p[1]));
            double[] g = new double[2];
            f.gradient(p[0], p[1], g);
            assertThat(path.gradientNorms()[t]).isCloseTo(Math.hypot(g[0], g[1]), within(1e-12));
        }
        for (int t = 1; t <= 25; t++) {
            assertThat(path.values()[t]).isLessThan(path.values()[t - 1]);
        }
    }

    @Test
    void theGradientNormCriterionStopsAtTheFirstPointBelowIt() {
        Trajectory path = Trajectories.run(NEWTON, new Rosenbrock(), new double[] {-1.2, 1},
                Stopping.afterSteps(1000).orGradientNormBelow(1e-10));
        assertThat(path.reason()).isEqualTo(StopReason.GRADIENT_NORM);
        assertThat(path.endGradientNorm()).isLessThanOrEqualTo(1e-10);
        for (int t = 0; t < path.steps(); t++) {
            assertThat(path.gradientNorms()[t]).isGreaterThan(1e-10);
        }
        assertThat(path.end()).containsExactly(new double[] {1, 1}, within(1e-9));
        assertThat(path.endKind()).contains(Kind.MINIMUM);
    }

    @Test
    void theRelativeChangeCriterionStopsWhenTheValueStalls() {
        Trajectory path = Trajectories.run(GD, new Beale(), new double[] {1, 1.5},
                Stopping.afterSteps(100_000).orRelativeChangeBelow(1e-4));
        assertThat(path.reason()).isEqualTo(StopReason.RELATIVE_CHANGE);
        int t = path.steps();
        assertThat(t).isBetween(2, 99_999);
        assertThat(Math.abs(path.values()[t] - path.values()[t - 1])).isLessThanOrEqualTo(1e-4 * Math.abs(path.values()[t - 1]));
        for (int s = 1; s < t; s++) {
            assertThat(Math.abs(path.values()[s] - path.values()[s - 1])).isGreaterThan(1e-4 * Math.abs(path.values()[s - 1]));
        }
    }

    @Test
    void whicheverComesFirst() {
        Stopping all = Stopping.afterSteps(5).orGradientNormBelow(1e-12).orRelativeChangeBelow(1e-15);
        assertThat(Trajectories.run(GD, new Beale(), new double[] {1, 1.5}, all).reason()).isEqualTo(StopReason.STEP_BUDGET);
        assertThat(Trajectories.run(NEWTON, Quadratic.illConditioned(10), new double[] {1, 1},
                Stopping.afterSteps(5).orGradientNormBelow(1e-8)).steps()).isEqualTo(1);
    }

    @Test
    void aRunFromAStationaryPointTakesNoStep() {
        Trajectory path = Trajectories.run(ADAM, new Beale(), Beale.MINIMUM, Stopping.afterSteps(100).orGradientNormBelow(1e-12));
        assertThat(path.steps()).isZero();
        assertThat(path.reason()).isEqualTo(StopReason.GRADIENT_NORM);
        assertThat(path.endKind()).contains(Kind.MINIMUM);
    }

    @Test
    void aDivergingRunIsReportedNotCarriedOn() {
        Method reckless = Method.firstOrder("gd", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(10)));
        Trajectory path = Trajectories.run(reckless, new Saddle(), new double[] {1, 1}, Stopping.afterSteps(1000));
        assertThat(path.reason()).isEqualTo(StopReason.DIVERGED);
        assertThat(path.steps()).isLessThan(1000);
        assertThat(path.endKind()).isEmpty();
    }

    @Test
    void toyRunsReportTheKindOfEachEndPoint() {
        Stopping stop = Stopping.afterSteps(300).orGradientNormBelow(1e-9);
        List<Objective> functions = List.of(new Beale(), new Rosenbrock(), new Saddle());
        List<double[]> starts = List.of(new double[] {1, 1.5}, new double[] {-1.2, 1}, new double[] {0, 1});
        StringBuilder table = new StringBuilder();
        for (Method m : List.of(GD, HEAVY_BALL, NESTEROV, ADAM, LBFGS, NEWTON)) {
            for (int i = 0; i < functions.size(); i++) {
                Trajectory path = Trajectories.run(m, functions.get(i), starts.get(i), stop);
                table.append(String.format("%-10s %-10s %3d steps %-14s end (%.4f, %.4f) |grad| %.1e %s%n", m.name(),
                        functions.get(i), path.steps(), path.reason(), path.end()[0], path.end()[1],
                        path.endGradientNorm(), path.endKind().map(Enum::name).orElse("-")));
                assertThat(path.endKind()).isPresent();
            }
        }
        System.out.print(table);
        // Newton and L-BFGS find Beale's and Rosenbrock's minima (L-BFGS stops, as PyTorch's, once the loss
        // changes by less than its tolerance 1e-9, a little short of Rosenbrock's)
        for (Method m : List.of(NEWTON, LBFGS)) {
            Trajectory beale = Trajectories.run(m, new Beale(), new double[] {1, 1.5}, stop);
            assertThat(beale.end()).containsExactly(Beale.MINIMUM, within(1e-6));
            assertThat(beale.endKind()).contains(Kind.MINIMUM);
            Trajectory rosen = Trajectories.run(m, new Rosenbrock(), new double[] {-1.2, 1}, stop);
            assertThat(rosen.end()).containsExactly(new double[] {1, 1}, within(1e-4));
            assertThat(rosen.endKind()).contains(Kind.MINIMUM);
        }
        // on the y axis of y^4 - x^4 gradient descent slides towards the saddle, where the test is degenerate
        Trajectory saddle = Trajectories.run(GD, new Saddle(), new double[] {0, 1}, Stopping.afterSteps(3000));
        assertThat(saddle.end()[0]).isZero();
        assertThat(saddle.end()[1]).isLessThan(0.3);
        assertThat(saddle.endKind()).contains(Kind.DEGENERATE);
        // a small push off the axis and Adam escapes along x, where the Hessian is that of a saddle
        Trajectory escape = Trajectories.run(ADAM, new Saddle(), new double[] {1e-3, 1}, Stopping.afterSteps(300));
        assertThat(escape.end()[0]).isGreaterThan(1);
        assertThat(escape.endKind()).contains(Kind.SADDLE);
    }
}
