package io.descent.cli.lecture;

import io.descent.cli.OptimizerSpecs;
import io.descent.objective.Beale;
import io.descent.objective.Function2D;
import io.descent.objective.Rosenbrock;
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
 * Section 4: the optimizer gallery. SGD, momentum, Nesterov, AdaGrad, RMSProp, AdaDelta and Adam walk Beale's
 * function from (1, 1.5), the saddle y^4 - x^4 from just beside its saddle point, and Rosenbrock's valley, each
 * with a learning rate chosen for that function so its path shows how the method moves (the specs are in the
 * table; {@code descent toy} reruns any of them). A path that leaves the picture or diverges says so in the legend.
 */
final class Gallery implements Part {
    static final String[] NAMES = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam"};

    /** One test function with its picture and the optimizer specs, in the order of {@link #NAMES}. */
    record Walk(String title, String file, Function2D function, double[] start, Box box, double[] minimum, int steps,
                List<String> specs) {
    }

    static List<Walk> walks(Budget b) {
        return List.of(
                new Walk("Beale's function", "4-beale", new Beale(), new double[] {1, 1.5}, new Box(-0.5, 4, -1, 2.2),
                        new double[] {3, 0.5}, b.toySteps(),
                        List.of("sgd(lr=0.01)", "sgd(lr=0.001, momentum=0.9)", "nesterov(lr=0.001, beta=0.9)",
                                "adagrad(lr=0.5)", "rmsprop(lr=0.01)", "adadelta(lr=1)", "adam(lr=0.05)")),
                new Walk("The saddle y^4 - x^4", "4-saddle", new Saddle(), new double[] {0.001, 1},
                        new Box(-1.5, 1.5, -1.5, 1.5), null, Math.min(300, b.toySteps()),
                        List.of("sgd(lr=0.01)", "sgd(lr=0.01, momentum=0.9)", "nesterov(lr=0.01, beta=0.9)",
                                "adagrad(lr=0.1)", "rmsprop(lr=0.01)", "adadelta(lr=1)", "adam(lr=0.01)")),
                new Walk("Rosenbrock's function", "4-rosenbrock", new Rosenbrock(), new double[] {-1.2, 1},
                        new Box(-1.5, 1.5, -0.5, 2), new double[] {1, 1}, 2 * b.toySteps(),
                        List.of("sgd(lr=0.002)", "sgd(lr=0.0005, momentum=0.9)", "nesterov(lr=0.0005, beta=0.9)",
                                "adagrad(lr=0.5)", "rmsprop(lr=0.01)", "adadelta(lr=1)", "adam(lr=0.05)")));
    }

    @Override
    public String name() {
        return "optimizer gallery";
    }

    @Override
    public Section build(Figures f) throws IOException {
        List<String> images = new ArrayList<>();
        Table table = Table.of("function", "optimizer", "spec", "steps", "end x", "end y", "final f");
        List<String> sentences = new ArrayList<>();
        for (Walk w : walks(f.budget())) {
            List<Trajectory> paths = new ArrayList<>();
            for (String spec : w.specs()) {
                paths.add(Trajectories.run(OptimizerSpecs.method(OptimizerSpecs.parse(spec)), w.function(), w.start(),
                        Stopping.afterSteps(w.steps())));
            }
            String from = "from (" + Figures.n(w.start()[0]) + ", " + Figures.n(w.start()[1]) + ")";
            ContourChart contour = new ContourChart(w.title() + " " + from, w.box(), new Palette())
                    .function((x, y) -> w.function().value(x, y), f.budget().resolution());
            contour = w.minimum() == null ? contour.levelCount(20) : contour.logLevels(20);
            boolean saddle = w.minimum() == null;
            LineChart loss = new LineChart(w.title() + ": f per step", "step",
                    saddle ? "f(x, y) (axis cut at -1.5)" : "f(x, y) (log scale)", new Palette());
            loss = saddle ? loss.yRange(-1.5, 1.2) : loss.logY();
            double[] finals = new double[NAMES.length];
            for (int k = 0; k < NAMES.length; k++) {
                Trajectory t = paths.get(k);
                contour.path(NAMES[k], t.points().stream().mapToDouble(p -> p[0]).toArray(),
                        t.points().stream().mapToDouble(p -> p[1]).toArray());
                loss.series(NAMES[k], t.values());
                double[] end = t.end();
                finals[k] = t.endValue();
                table = table.row(w.title(), NAMES[k], w.specs().get(k), t.steps(), end[0], end[1], t.endValue());
            }
            if (w.minimum() != null) {
                contour.mark(w.minimum()[0], w.minimum()[1], "minimum (" + Figures.n(w.minimum()[0]) + ", "
                        + Figures.n(w.minimum()[1]) + ")");
            } else {
                contour.mark(0, 0, "saddle point");
            }
            images.add(f.save(contour, w.file(), Figures.HALF_WIDTH, Figures.HALF_WIDTH));
            images.add(f.save(loss, w.file() + "-loss", Figures.HALF_WIDTH, Figures.HALF_WIDTH));
            sentences.add(saddle ? saddleSentence(w, paths) : rankSentence(w, finals, from));
        }
        String measured = String.join("; ", sentences) + ".";
        return new Section("The optimizer gallery", Character.toUpperCase(measured.charAt(0)) + measured.substring(1),
                images, table);
    }

    /** Which optimizer ended lowest and which highest. */
    private static String rankSentence(Walk w, double[] finals, String from) {
        int lo = 0;
        int hi = 0;
        for (int k = 1; k < finals.length; k++) {
            lo = finals[k] < finals[lo] ? k : lo;
            hi = finals[k] > finals[hi] || Double.isNaN(finals[k]) ? k : hi;
        }
        return String.format("after %d steps on %s %s, %s ended lowest (f = %s) and %s highest (f = %s)", w.steps(),
                w.title(), from, NAMES[lo], Figures.n(finals[lo]), NAMES[hi], Figures.n(finals[hi]));
    }

    /** Which optimizers left the saddle (|x| > 1 at the end, or ran off to infinity) and which stayed near x = 0. */
    private static String saddleSentence(Walk w, List<Trajectory> paths) {
        List<String> left = new ArrayList<>();
        List<String> stayed = new ArrayList<>();
        double largestStayed = 0;
        for (int k = 0; k < NAMES.length; k++) {
            double x = paths.get(k).end()[0];
            if (!(Math.abs(x) <= 1)) {
                left.add(NAMES[k]);
            } else {
                stayed.add(NAMES[k]);
                largestStayed = Math.max(largestStayed, Math.abs(x));
            }
        }
        String s = String.format("on the saddle from (%s, %s), after %d steps %s", Figures.n(w.start()[0]),
                Figures.n(w.start()[1]), w.steps(), left.isEmpty() ? "no optimizer had left it (|x| > 1)"
                        : Figures.join(left) + " had left it (|x| > 1)");
        if (!stayed.isEmpty()) {
            s += String.format(" while %s stayed at |x| <= %s", Figures.join(stayed), Figures.n(largestStayed));
        }
        return s;
    }
}
