package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.objective.Beale;
import io.descent.objective.Function2D;
import io.descent.objective.Method;
import io.descent.objective.Rosenbrock;
import io.descent.objective.Saddle;
import io.descent.objective.Stopping;
import io.descent.objective.Trajectories;
import io.descent.objective.Trajectory;
import io.descent.optim.Objective;
import io.descent.report.Box;
import io.descent.report.Charts;
import io.descent.report.ContourChart;
import io.descent.report.Palette;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code descent toy}: optimizers walking a 2-D test function from one start point. The CSV has the header
 * {@code optimizer,step,x,y,f}, step 0 being the start, numbers in full precision (shortest round-trip
 * decimal); the plot draws the contours with each optimizer's path.
 */
@Command(name = "toy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run optimizers on a 2-D test function and record their paths.")
final class ToyCommand implements Callable<Integer> {
    @Option(names = "--function", required = true, paramLabel = "NAME", description = "beale, saddle, rosenbrock, quadratic")
    String function;

    @Option(names = "--optimizer", required = true, paramLabel = "SPEC", description = "repeatable: each spec gets its own path")
    List<String> optimizers;

    @Option(names = "--start", required = true, paramLabel = "X,Y", description = "the start point, e.g. 1,1.5")
    String start;

    /**
     * A path keeps every point for its CSV and plot (about 100 bytes a step): 10^6 steps in all (steps times
     * optimizers) stay near 100 MB, where 10^9 took gigabytes and ended in GC thrash (SECURITY.md states the bound).
     */
    static final int MAX_STEPS = 1_000_000;

    @Option(names = "--steps", defaultValue = "300", description = "step budget, at most " + MAX_STEPS
            + " (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--dtype", defaultValue = "float64", description = "float64 or float32 (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the paths as CSV")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE", description = "draw the contours and paths (.png or .svg)")
    Path plot;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The test functions with the box their pictures show and their known minimum, if any. */
    record ToyFunction(Objective objective, Box box, double[] minimum, boolean logLevels) {
        double value(double x, double y) {
            return objective.value(Tensor.of(new double[] {x, y}, 2));
        }
    }

    static ToyFunction function(String name) {
        return switch (name) {
            case "beale" -> new ToyFunction(new Beale(), new Box(-4.5, 4.5, -4.5, 4.5), new double[] {3, 0.5}, true);
            case "saddle" -> new ToyFunction(new Saddle(), new Box(-1.5, 1.5, -1.5, 1.5), null, false);
            case "rosenbrock" -> new ToyFunction(new Rosenbrock(), new Box(-2, 2, -1, 3), new double[] {1, 1}, true);
            case "quadratic" -> new ToyFunction(quadratic(), new Box(-2, 2, -2, 2), new double[] {0, 0}, true);
            default -> throw new InvalidInputException("--function", "'" + name + "'",
                    "unknown function; valid: beale, saddle, rosenbrock, quadratic");
        };
    }

    /** f(x, y) = (x^2 + 25 y^2) / 2: condition number 25, so plain gradient descent zig-zags. */
    private static Objective quadratic() {
        return io.descent.objective.Quadratic.illConditioned(25);
    }

    static double[] parseStart(String text) {
        String[] p = text.split(",", -1);
        if (p.length != 2) {
            throw new InvalidInputException("--start", "'" + text + "'", "expected two numbers X,Y");
        }
        try {
            double[] xy = {Double.parseDouble(p[0].strip()), Double.parseDouble(p[1].strip())};
            if (!Double.isFinite(xy[0]) || !Double.isFinite(xy[1])) {
                throw new NumberFormatException();
            }
            return xy;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--start", "'" + text + "'", "expected two finite numbers X,Y");
        }
    }

    static DType dtype(String name) {
        return switch (name) {
            case "float64" -> DType.FLOAT64;
            case "float32" -> DType.FLOAT32;
            default -> throw new InvalidInputException("--dtype", "'" + name + "'", "expected float32 or float64");
        };
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ToyFunction f = function(function);
        double[] xy = parseStart(start);
        DType type = dtype(dtype);
        if (steps < 0 || steps > MAX_STEPS) {
            throw new InvalidInputException("--steps", "", steps + ": expected 0 to " + MAX_STEPS + " (a toy path keeps "
                    + "every step for its CSV and plot)");
        }
        if ((long) steps * optimizers.size() > MAX_STEPS) {
            throw new InvalidInputException("--steps", "", steps + " steps for each of " + optimizers.size()
                    + " optimizers: at most " + MAX_STEPS + " steps in all (a toy path keeps every step)");
        }
        OutputPaths.file("--csv", csv);
        if (plot != null) {
            TextFiles.checkImageName("--plot", plot);
            OutputPaths.fileInNewDirectories("--plot", plot);
        }
        List<Method> methods = new ArrayList<>();
        for (String o : optimizers) {
            Spec s = OptimizerSpecs.parse(o);
            if (OptimizerSpecs.needsFloat64(s) && type != DType.FLOAT64) {
                throw new InvalidInputException("--dtype", "'" + dtype + "'", s.name() + " runs in float64");
            }
            OptimizerSpecs.checkToy(s);
            methods.add(OptimizerSpecs.method(s));
        }
        List<Trajectory> paths = new ArrayList<>();
        for (Method m : methods) {
            Trajectory t = Trajectories.run(m, f.objective(), xy, Stopping.afterSteps(steps), type);
            paths.add(t);
            double[] end = t.end();
            out.printf(Locale.ROOT, "%-40s %4d steps (%s)  end (%.6g, %.6g)  f %.6g  |grad| %.3g  %s%n", t.method(),
                    t.steps(), t.reason().toString().toLowerCase(Locale.ROOT), end[0], end[1], t.endValue(),
                    t.endGradientNorm(), t.endKind().map(k -> k.toString().toLowerCase(Locale.ROOT)).orElse("no kind (diverged)"));
        }
        if (csv != null) {
            ToyCsv.write(csv, paths);
        }
        if (plot != null) {
            ContourChart chart = new ContourChart(function + ": paths from (" + xy[0] + ", " + xy[1] + ")", f.box(),
                    new Palette()).function(f::value).axisLabels("x", "y");
            chart = f.logLevels() ? chart.logLevels(20) : chart.levelCount(20);
            for (Trajectory t : paths) {
                double[] px = t.points().stream().mapToDouble(p -> p[0]).toArray();
                double[] py = t.points().stream().mapToDouble(p -> p[1]).toArray();
                chart.path(t.method(), px, py);
            }
            if (f.minimum() != null) {
                chart.mark(f.minimum()[0], f.minimum()[1], "minimum");
            }
            Charts.save(chart, plot, 900, 700);
            out.println("wrote " + plot);
        }
        return 0;
    }
}
