package io.descent.cli.lecture;

import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * Section 9: Adam against AMSGrad on the online convex problem of Reddi, Kale and Kumar (2018, "On the convergence
 * of Adam and beyond", section 3): f_t(x) = C x when t mod 3 = 1 and -x otherwise, x in [-1, 1], C &gt; 2, so the
 * best fixed point is x = -1. With beta1 = 0, beta2 = 1 / (1 + C^2) and steps a / sqrt(t) projected onto [-1, 1],
 * Adam drifts to x = +1, the worst point; AMSGrad, which keeps the largest second moment, goes to -1. Both are
 * this library's Adam, with and without {@code amsgrad}.
 */
final class AdamCounterexample implements Part {
    static final double C = 3;
    static final double STEP = 0.5;
    static final double START = 0;

    @Override
    public String name() {
        return "adam counterexample";
    }

    /** The iterates x_1 .. x_T; {@code regret[0]} gets the average regret against x = -1. */
    static double[] run(boolean amsgrad, int steps, double[] regret) {
        return run(amsgrad, steps, STEP, regret);
    }

    /** The same with step sizes {@code step / sqrt(t)}. */
    static double[] run(boolean amsgrad, int steps, double step, double[] regret) {
        Tensor x = Tensor.of(new double[] {START}, 1);
        Optimizer adam = Optimizers.adam(List.of(new Parameter("x", x)),
                new AdamConfig(step, 0, 1 / (1 + C * C), 1e-8, 0, amsgrad));
        double[] path = new double[steps + 1];
        path[0] = START;
        double total = 0;
        for (int t = 1; t <= steps; t++) {
            double g = t % 3 == 1 ? C : -1;   // f_t(x) = g x
            total += g * x.getFlat(0) - g * -1;
            x.setGrad(Tensor.of(new double[] {g}, 1));
            adam.setLearningRateFactor(1 / Math.sqrt(t));
            adam.step();
            try (var scope = GradMode.disabled()) {
                x.setFlat(0, Math.max(-1, Math.min(1, x.getFlat(0))));
            }
            path[t] = x.getFlat(0);
        }
        regret[0] = total / steps;
        return path;
    }

    @Override
    public Section build(Figures f) throws IOException {
        int steps = f.budget().reddiSteps();
        String[] names = {"adam", "amsgrad"};
        // Labels that are not the palette's fixed names: Adam and AMSGrad get two colours here, not one blue.
        String[] labels = {"adam, amsgrad=false", "adam, amsgrad=true"};
        LineChart chart = new LineChart("Reddi et al.'s counterexample: x_t", "t (log scale)", "x_t", new Palette())
                .logX().yRange(-1.1, 1.1).horizontalLine(-1, "optimum x = -1");
        Table table = Table.of("method", "steps", "x at the end", "mean x over the last third", "average regret");
        double[] end = new double[2];
        double[] regrets = new double[2];
        for (int k = 0; k < 2; k++) {
            double[] regret = new double[1];
            double[] path = run(k == 1, steps, regret);
            double[] time = new double[steps];
            for (int i = 0; i < steps; i++) {
                time[i] = i + 1;
            }
            chart.series(labels[k], time, java.util.Arrays.copyOfRange(path, 1, steps + 1));
            double mean = 0;
            int from = steps - steps / 3;
            for (int t = from; t <= steps; t++) {
                mean += path[t];
            }
            mean /= steps - from + 1;
            end[k] = Figures.round4(path[steps]);
            regrets[k] = Figures.round4(regret[0]);
            table = table.row(names[k], steps, end[k], Figures.round4(mean), regrets[k]);
        }
        String measured = String.format("With C = %s, beta1 = 0, beta2 = 1/(1 + C^2) and steps %s/sqrt(t) from x = %s, "
                + "after %d steps Adam was at x = %s (average regret %s) and AMSGrad at x = %s (average regret %s); "
                + "the best fixed point is x = -1.", Figures.n(C), Figures.n(STEP), Figures.n(START), steps,
                Figures.n(end[0]), Figures.n(regrets[0]), Figures.n(end[1]), Figures.n(regrets[1]));
        return new Section("Adam against AMSGrad on Reddi, Kale and Kumar's counterexample", measured,
                List.of(f.save(chart, "9-adam-amsgrad", Figures.WIDE_WIDTH, Figures.WIDE_HEIGHT)), table);
    }
}
