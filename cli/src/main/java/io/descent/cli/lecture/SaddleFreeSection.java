package io.descent.cli.lecture;

import io.descent.cli.OptimizerSpecs;
import io.descent.objective.Saddle;
import io.descent.objective.Stopping;
import io.descent.objective.Trajectories;
import io.descent.objective.Trajectory;
import io.descent.report.Box;
import io.descent.report.ContourChart;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 10: plain Newton against saddle-free Newton (Dauphin et al. 2014) on y^4 - x^4. With H =
 * diag(-12 x^2, 12 y^2) and g = (-4 x^3, 4 y^3), Newton's step -H^-1 g gives x &lt;- 2x/3, y &lt;- 2y/3 (into the
 * saddle), the saddle-free step -|H|^-1 g gives x &lt;- 4x/3, y &lt;- 2y/3 (out along x). Both run as
 * {@code saddle_free} specs (a 2-dimensional Krylov space is the whole plane; {@code absolute=false} keeps the
 * eigenvalues' signs: Newton's step), with no damping and no line search, so that the closed forms hold; the table
 * gives the measured ratios x_{t+1}/x_t and y_{t+1}/y_t (their smallest and largest over the steps).
 */
final class SaddleFreeSection implements Part {
    static final double[] START = {0.3, 1};
    static final int STEPS = 6;
    static final String NEWTON = "saddle_free(krylov=2, damping=0, line_search=false, absolute=false)";
    static final String SADDLE_FREE = "saddle_free(krylov=2, damping=0, line_search=false)";

    @Override
    public String name() {
        return "saddle-free newton";
    }

    @Override
    public Section build(Figures f) throws IOException {
        String[] names = {"Newton", "saddle-free Newton"};
        String[] specs = {NEWTON, SADDLE_FREE};
        Saddle saddle = new Saddle();
        ContourChart contour = new ContourChart("y^4 - x^4 from (" + Figures.n(START[0]) + ", " + Figures.n(START[1])
                + ")", new Box(-1.5, 1.5, -0.5, 1.5), new Palette())
                .function(saddle::value, f.budget().resolution()).levelCount(20);
        LineChart xs = new LineChart("x per step", "step", "x", new Palette());
        Table table = Table.of("method", "spec", "steps", "end x", "end y", "final f", "smallest x ratio",
                "largest x ratio", "smallest y ratio", "largest y ratio");
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Trajectory t = Trajectories.run(OptimizerSpecs.method(OptimizerSpecs.parse(specs[k])), saddle, START,
                    Stopping.afterSteps(STEPS));
            double[] x = t.points().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = t.points().stream().mapToDouble(p -> p[1]).toArray();
            contour.path(names[k], x, y);
            xs.series(names[k], x);
            double[] rx = ratios(x);
            double[] ry = ratios(y);
            double[] end = t.end();
            table = table.row(names[k], specs[k], t.steps(), end[0], end[1], t.endValue(), rx[0], rx[1], ry[0], ry[1]);
            parts.add(String.format("%s multiplied x by %s to %s and y by %s to %s at each step, ending at (%s, %s)",
                    names[k], Figures.n(rx[0]), Figures.n(rx[1]), Figures.n(ry[0]), Figures.n(ry[1]),
                    Figures.n(end[0]), Figures.n(end[1])));
        }
        contour.mark(0, 0, "saddle point");
        List<String> images = List.of(f.save(contour, "10-saddle-free", Figures.HALF_WIDTH, Figures.HALF_WIDTH),
                f.save(xs, "10-saddle-free-x", Figures.HALF_WIDTH, Figures.HALF_WIDTH));
        String measured = String.format("On y^4 - x^4 from (%s, %s), over %d steps %s (the closed forms 2/3 for both, "
                + "drawn into the saddle); %s (the closed forms 4/3 and 2/3: it leaves the saddle along x).",
                Figures.n(START[0]), Figures.n(START[1]), STEPS, parts.get(0), parts.get(1));
        return new Section("Newton against saddle-free Newton on the saddle", measured, images, table);
    }

    /** The smallest and largest of v_{t+1} / v_t, rounded to 4 decimals. */
    private static double[] ratios(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int t = 0; t + 1 < v.length; t++) {
            double r = v[t + 1] / v[t];
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        return new double[] {Figures.round4(lo), Figures.round4(hi)};
    }
}
