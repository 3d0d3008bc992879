package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.autograd.GradMode;
import io.descent.curvature.ExtremeEigenvalues;
import io.descent.curvature.Float64Copy;
import io.descent.curvature.HessianOperator;
import io.descent.curvature.Hessians;
import io.descent.curvature.Hutchinson;
import io.descent.curvature.SpectralDensity;
import io.descent.curvature.Verdict;
import io.descent.data.Dataset;
import io.descent.io.OutputFile;
import io.descent.nn.Module;
import io.descent.report.Charts;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code descent analyze}: what kind of point a saved model sits at. The loss is the mean over all the chosen rows
 * ({@code --split}: the rows train trained on, with the same --seed and --validation-split; the test split
 * train reported on; or all of them), computed on a float64 copy of the model in eval mode (BatchNorm's running
 * statistics, no dropout: a deterministic function of the weights). It prints the gradient norm and, with
 * {@code --hessian}, the K largest and K smallest eigenvalues of the Hessian (Lanczos), its trace (Hutchinson),
 * the share of negative curvature in its spectral density (stochastic Lanczos quadrature) and the verdict of
 * the second-order test ({@link Verdict}) with the tolerances it used.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "The gradient norm and the Hessian's spectrum of a saved model's loss: a minimum, a saddle point or neither.")
final class AnalyzeCommand implements Callable<Integer> {
    /** Lanczos residuals, relative to max |lambda|: far below --tolerance, so converged values decide the verdict. */
    static final double LANCZOS_TOLERANCE = 1e-7;
    static final int GRID_POINTS = 400;

    @Option(names = "--load", required = true, paramLabel = "FILE",
            description = "a model file written by descent train, or a weights-only safetensors file with PyTorch's "
                    + "names (a state_dict of nn.Sequential) together with --model SPEC")
    Path load;

    @Option(names = "--hessian", description = "also compute the Hessian's spectrum and the verdict of the second-order test")
    boolean hessian;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K",
            description = "how many of the largest and of the smallest eigenvalues (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--split", defaultValue = "train", paramLabel = "ROWS",
            description = "train, test or all: the rows the loss is evaluated on (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE", description = "draw the spectral density (.png or .svg)")
    Path plot;

    @Option(names = "--tolerance", defaultValue = "1e-4", paramLabel = "T",
            description = "eigenvalues with |lambda| <= T max|lambda| count as zero (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--gradient-tolerance", defaultValue = "1e-3", paramLabel = "G",
            description = "a gradient norm above G is not a stationary point (default: ${DEFAULT-VALUE})")
    double gradientTolerance;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "M",
            description = "at most M Lanczos steps for the extreme eigenvalues (default: ${DEFAULT-VALUE}; exact once M reaches the parameter count)")
    int steps;

    @Option(names = "--probes", defaultValue = "20", paramLabel = "N",
            description = "Rademacher probes for the trace (default: ${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--density-probes", defaultValue = "4", paramLabel = "N",
            description = "probes of the spectral density (default: ${DEFAULT-VALUE})")
    int densityProbes;

    @Option(names = "--density-steps", defaultValue = "40", paramLabel = "M",
            description = "Lanczos steps per density probe (default: ${DEFAULT-VALUE})")
    int densitySteps;

    @Mixin
    TaskOptions task;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The point the loss is measured at: the float64 model, the loss (name and terms), its value, gradient norm and rows. */
    private record Point(Module model, String lossName, FullBatchLoss loss, double value, double gradientNorm, int rows) {
        int parameters() {
            return (int) model.parameterCount();
        }
    }

    /** What the Hessian says at the point. */
    private record Curvature(ExtremeEigenvalues extremes, Hutchinson.Estimate trace, SpectralDensity density,
                             Verdict verdict, double zero, double negative, int densitySteps) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        checkOptions();
        Point at = point();
        out.printf(Locale.ROOT, "descent analyze: %s, %d parameters (a float64 copy, eval mode); %d %s rows of %s; loss %s%n",
                load, at.parameters(), at.rows(), split, task.data, at.lossName());
        out.printf(Locale.ROOT, "loss %.9g%n", at.value());
        out.printf(Locale.ROOT, "gradient norm %.6e%n", at.gradientNorm());
        if (!hessian) {
            out.println(at.gradientNorm() > gradientTolerance
                    ? Verdict.NOT_STATIONARY.explain(at.gradientNorm(), gradientTolerance, 0, 0, tolerance)
                    : String.format(Locale.ROOT, "stationary (gradient norm %.3e <= %.1e): add --hessian to tell a minimum "
                            + "from a saddle point", at.gradientNorm(), gradientTolerance));
            return 0;
        }
        Curvature c = curvature(at);
        print(out, at, c);
        if (json != null) {
            writeJson(at, c);
            out.println("wrote " + json);
        }
        if (plot != null) {
            drawPlot(c);
            out.println("wrote " + plot);
        }
        return 0;
    }

    /** Loads the model and the rows, and measures the loss and its gradient on the float64 copy. */
    private Point point() throws java.io.IOException {
        boolean named = spec.commandLine().getParseResult().hasMatchedOption("--model");
        Module model = null;
        if (!named) {
            model = SavedModels.load(load);
            task.model = Inputs.takesImages(model) ? "cnn" : "linear";
        }
        TaskOptions.Prepared p = task.prepare();
        if (named) {
            model = SavedModels.load(load, task.model, TaskOptions.inputShape(p.train()), p.outputs());
        }
        Tensor[] rows = rows(p);
        Module wide = Float64Copy.of(model);
        wide.eval();
        checkFits(wide, rows[0]);
        FullBatchLoss loss = new FullBatchLoss(wide, p.loss(), rows[0], rows[1]);
        double[] g = new double[(int) wide.parameterCount()];
        double value = loss.gradient(g);
        if (!Double.isFinite(value)) {
            throw new InvalidInputException(load.toString(), "", "the loss on these rows is " + value
                    + " at the file's weights: there is no curvature to measure");
        }
        double squares = 0;
        for (double x : g) {
            squares += x * x;
        }
        return new Point(wide, p.lossName(), loss, value, Math.sqrt(squares), rows[0].dim(0));
    }

    private Curvature curvature(Point at) {
        int k = at.parameters();
        int most = Math.min(k, Math.max(steps, densitySteps));
        HeapBudget.check("--steps", Integer.toString(Math.max(steps, densitySteps)), 8L * most * k, "the Lanczos vectors");
        HessianOperator h = Hessians.ofSum(at.model().parameters(), at.loss().terms());
        ExtremeEigenvalues e = ExtremeEigenvalues.of(h, top, steps, LANCZOS_TOLERANCE, task.seed);
        Hutchinson.Estimate trace = Hutchinson.trace(h, probes, task.seed + 1);
        SpectralDensity density = SpectralDensity.estimate(h, densityProbes, densitySteps, task.seed + 2);
        double smallest = e.smallest()[0];
        double largest = e.largest()[0];
        Verdict verdict = Verdict.of(at.gradientNorm(), gradientTolerance, smallest, largest, tolerance);
        double zero = Verdict.zero(smallest, largest, tolerance);
        return new Curvature(e, trace, density, verdict, zero, density.massBelow(-zero), Math.min(k, densitySteps));
    }

    private void print(PrintWriter out, Point at, Curvature c) {
        ExtremeEigenvalues e = c.extremes();
        out.printf(Locale.ROOT, "largest eigenvalues %s%n", list(e.largest()));
        out.printf(Locale.ROOT, "smallest eigenvalues %s%n", list(e.smallest()));
        out.printf(Locale.ROOT, "  (Lanczos, %d steps, %s)%n", e.steps(), e.converged() ? "converged" : "NOT converged: "
                + "residuals above " + LANCZOS_TOLERANCE + " x max|lambda|; raise --steps");
        out.printf(Locale.ROOT, "trace %.6e +- %.2e (Hutchinson, %d probes)%n", c.trace().value(),
                c.trace().standardError(), probes);
        out.printf(Locale.ROOT, "negative curvature %.2f%% of the spectral density below -%.3e (stochastic Lanczos "
                + "quadrature, %d probes x %d steps)%n", 100 * c.negative(), c.zero(), densityProbes, c.densitySteps());
        out.println("verdict: " + c.verdict().explain(at.gradientNorm(), gradientTolerance, e.smallest()[0],
                e.largest()[0], tolerance));
    }

    private void writeJson(Point at, Curvature c) throws java.io.IOException {
        ExtremeEigenvalues e = c.extremes();
        OutputFile.writeString(json, new AnalysisJson().put("gradient_norm", at.gradientNorm())
                .put("top_eigenvalues", e.largest()).put("bottom_eigenvalues", e.smallest())
                .put("trace", c.trace().value()).put("verdict", c.verdict().words())
                .put("loss", at.value()).put("parameters", at.parameters()).put("rows", at.rows()).put("split", split)
                .put("trace_standard_error", c.trace().standardError()).put("negative_curvature", c.negative())
                .put("zero_tolerance", tolerance).put("zero", c.zero()).put("gradient_tolerance", gradientTolerance)
                .put("lanczos_steps", e.steps()).put("converged", e.converged()).text());
    }

    private void drawPlot(Curvature c) throws java.io.IOException {
        double sigma = c.density().defaultWidth();
        SpectralDensity.Grid grid = c.density().grid(GRID_POINTS, sigma);
        LineChart chart = new LineChart("Hessian spectral density at " + load.getFileName(), "eigenvalue", "density",
                new Palette()).series(String.format(Locale.ROOT, "SLQ, %d probes x %d steps, sigma %.2g",
                densityProbes, c.densitySteps(), sigma), grid.t(), grid.density()).verticalMarker(0, "0");
        Charts.save(chart, plot, 900, 600);
    }

    private void checkOptions() {
        TrainCommand.check(top >= 1, "--top", top + ": expected a positive integer");
        TrainCommand.check(steps >= 1, "--steps", steps + ": expected a positive integer");
        TrainCommand.check(probes >= 2, "--probes", probes + ": expected at least 2 (for a standard error)");
        TrainCommand.check(densityProbes >= 1, "--density-probes", densityProbes + ": expected a positive integer");
        TrainCommand.check(densitySteps >= 1, "--density-steps", densitySteps + ": expected a positive integer");
        TrainCommand.check(tolerance > 0 && tolerance < 1, "--tolerance", tolerance + ": expected a fraction in (0, 1)");
        TrainCommand.check(gradientTolerance >= 0 && Double.isFinite(gradientTolerance), "--gradient-tolerance",
                gradientTolerance + ": expected a finite number >= 0");
        TrainCommand.check(List.of("train", "test", "all").contains(split), "--split", "'" + split
                + "': expected train, test or all");
        if (!hessian) {
            TrainCommand.check(json == null, "--json", "needs --hessian (the file holds the spectrum)");
            TrainCommand.check(plot == null, "--plot", "needs --hessian (it draws the spectral density)");
        }
        if (json != null) {
            OutputFile.check("--json", json);
        }
        if (plot != null) {
            TextFiles.checkImageName("--plot", plot);
            OutputFile.check("--plot", plot);
        }
    }

    /** Features and targets of the chosen rows. */
    private Tensor[] rows(TaskOptions.Prepared p) {
        List<Dataset> parts = new ArrayList<>();
        if (split.equals("train") || split.equals("all")) {
            parts.add(p.train());
        }
        if (split.equals("all") && p.validation() != null) {
            parts.add(p.validation());
        }
        if ((split.equals("test") || split.equals("all")) && p.test() != null) {
            parts.add(p.test());
        }
        if (parts.isEmpty()) {
            throw new InvalidInputException("--split", "'" + split + "'", task.data + " has no test rows");
        }
        if (parts.size() == 1) {
            return new Tensor[] {parts.get(0).features(), parts.get(0).targets()};
        }
        return new Tensor[] {Tensor.concat(0, parts.stream().map(Dataset::features).toArray(Tensor[]::new)),
            Tensor.concat(0, parts.stream().map(Dataset::targets).toArray(Tensor[]::new))};
    }

    private void checkFits(Module model, Tensor features) {
        try (var scope = GradMode.disabled()) {
            model.forward(features.sliceRows(0, 1).to(io.descent.tensor.DType.FLOAT64));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(load.toString(), "", "the model does not fit the samples of " + task.data
                    + ": " + e.getMessage());
        }
    }

    private static String list(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6e", v));
        }
        return sb.toString();
    }
}
