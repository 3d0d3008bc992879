package io.descent.cli.lecture;

import io.descent.loss.LogLoss;
import io.descent.nn.Models;
import io.descent.objective.Erm;
import io.descent.objective.Jacobi;
import io.descent.objective.Method;
import io.descent.objective.StopReason;
import io.descent.objective.Stopping;
import io.descent.objective.Trajectories;
import io.descent.objective.Trajectory;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * Section 3: gradient descent against Newton's method (and L-BFGS) on a convex logistic regression, all from
 * w = 0 until the gradient norm is at most 1e-8. Two correlated features make the problem ill-conditioned (the
 * table gives the condition number of the Hessian where each method ended);
 * gradient descent takes its best constant step 1/L, with L = lambda_max(X'X) / (4n) bounding the Hessian.
 */
final class NewtonVersusGradientDescent implements Part {
    static final double TOLERANCE = 1e-8;
    static final int POINTS = 200;
    private static final int ZOOM = 30;

    @Override
    public String name() {
        return "newton vs gradient descent";
    }

    @Override
    public Section build(Figures f) throws IOException {
        Tensor[] d = data(POINTS, 11);
        Erm risk = new Erm(Models.linear(2, 1, 0, DType.FLOAT64), d[0], d[1], new LogLoss()::apply);
        double lipschitz = largestEigenvalue(gram(d[0])) / (4 * POINTS);
        double[] start = new double[3];
        List<Method> methods = List.of(
                Method.newton(NewtonConfig.defaults()),
                Method.withClosure("lbfgs", ps -> Optimizers.lbfgs(ps, LbfgsConfig.defaults().withMaxIter(1)
                        .withStrongWolfe(true).withToleranceGrad(1e-300).withToleranceChange(1e-300))),
                Method.firstOrder("gradient descent", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(1 / lipschitz))));
        String[] labels = {"Newton", "L-BFGS (strong Wolfe)", "gradient descent, step 1/L = "
                + Figures.n(Figures.round4(1 / lipschitz))};
        LineChart all = new LineChart("Gradient norm per iteration", "iteration", "gradient norm (log scale)",
                new Palette()).logY().horizontalLine(TOLERANCE, "1e-8");
        LineChart zoom = new LineChart("The first " + ZOOM + " iterations", "iteration", "gradient norm (log scale)",
                new Palette()).logY().horizontalLine(TOLERANCE, "1e-8");
        Table table = Table.of("method", "iterations to 1e-8", "final |grad|", "final loss", "condition number",
                "seconds");
        Object[] iterations = new Object[3];
        for (int k = 0; k < 3; k++) {
            long t0 = System.nanoTime();
            Trajectory t = Trajectories.run(methods.get(k), risk, start,
                    Stopping.afterSteps(f.budget().gdSteps()).orGradientNormBelow(TOLERANCE));
            double seconds = (System.nanoTime() - t0) / 1e9;
            iterations[k] = t.reason() == StopReason.GRADIENT_NORM ? (Object) t.steps() : "not within " + t.steps();
            double condition = condition(risk.hessian(Tensor.of(t.end(), 3)));
            table = table.row(labels[k], iterations[k], t.endGradientNorm(), Figures.round4(t.endValue()),
                    Math.round(condition * 10) / 10.0, Math.round(seconds * 1000) / 1000.0);
            String series = methods.get(k).name();
            all.series(series, t.gradientNorms());
            double[] head = java.util.Arrays.copyOf(t.gradientNorms(), Math.min(ZOOM + 1, t.gradientNorms().length));
            zoom.series(series, head);
        }
        List<String> images = List.of(f.save(all, "3-gradient-norm", Figures.HALF_WIDTH, Figures.HALF_HEIGHT),
                f.save(zoom, "3-gradient-norm-zoom", Figures.HALF_WIDTH, Figures.HALF_HEIGHT));
        String measured = String.format("On a logistic regression of %d points with two correlated features, from "
                + "w = 0, Newton's method reached gradient norm 1e-8 in %s iterations, L-BFGS in %s and gradient descent "
                + "with its constant step 1/L in %s.", POINTS, iterations[0], iterations[1], iterations[2]);
        return new Section("Gradient descent against Newton's method", measured, images, table);
    }

    /** n points with features z1 and z1 + 0.2 z2 (correlated), labels -1/+1 from a noisy linear rule. */
    static Tensor[] data(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z1 = rng.nextGaussian();
            double z2 = rng.nextGaussian();
            x[2 * i] = z1;
            x[2 * i + 1] = z1 + 0.2 * z2;
            y[i] = z1 - 0.5 * x[2 * i + 1] + 0.3 + rng.nextGaussian() > 0 ? 1 : -1;
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n, 1)};
    }

    /** X1'X1 with X1 = [X, 1], the bias column included as in the model. */
    private static double[][] gram(Tensor x) {
        double[][] g = new double[3][3];
        for (int i = 0; i < x.dim(0); i++) {
            double[] row = {x.get(i, 0), x.get(i, 1), 1};
            for (int a = 0; a < 3; a++) {
                for (int c = 0; c < 3; c++) {
                    g[a][c] += row[a] * row[c];
                }
            }
        }
        return g;
    }

    private static double largestEigenvalue(double[][] a) {
        double[] e = Jacobi.eigenvalues(a);
        return e[e.length - 1];
    }

    private static double condition(Tensor h) {
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i][j] = h.get(i, j);
            }
        }
        double[] e = Jacobi.eigenvalues(a);
        return e[e.length - 1] / e[0];
    }
}
