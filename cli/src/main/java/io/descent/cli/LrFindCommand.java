package io.descent.cli;

import io.descent.nn.Module;
import io.descent.report.Charts;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code descent lr-find}: the learning-rate range test ({@link LrRangeTest}). Prints a sample of the recorded
 * steps, the rate of steepest descent of the smoothed loss (the suggestion) and the rate of its minimum; the plot
 * shows the loss against the rate on a log axis with both marked.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The learning-rate range test (Smith 2017): train while the rate grows exponentially, "
                + "record the loss, suggest a rate.",
            "Suggested rate: where the smoothed loss falls fastest against log(lr), before its minimum."})
final class LrFindCommand implements Callable<Integer> {
    @Mixin
    TaskOptions task;

    @Option(names = "--optimizer", defaultValue = "sgd(momentum=0.9)", paramLabel = "SPEC",
            description = "the optimizer whose rate is searched; its lr is replaced (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--start-lr", defaultValue = "1e-7", paramLabel = "LR", description = "(default: ${DEFAULT-VALUE})")
    double startLr;

    @Option(names = "--end-lr", defaultValue = "10", paramLabel = "LR", description = "(default: ${DEFAULT-VALUE})")
    double endLr;

    @Option(names = "--steps", defaultValue = "100", description = "minibatches, each with a larger rate (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--smoothing", defaultValue = "0.95", paramLabel = "BETA",
            description = "weight of the exponential average of the loss, in [0, 1) (default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--plot", paramLabel = "FILE", description = "draw the loss against the rate (.png or .svg)")
    Path plot;

    @Option(names = "--csv", paramLabel = "FILE", description = "write step,lr,loss,smoothed_loss")
    Path csv;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Spec opt = OptimizerSpecs.parse(optimizer);
        OptimizerSpecs.validate(opt);
        TrainCommand.check(!OptimizerSpecs.isFullBatch(opt), "--optimizer", opt.name()
                + " trains full-batch with its own step size; the range test is for minibatch optimizers");
        TrainCommand.check(startLr > 0 && Double.isFinite(startLr), "--start-lr", startLr + ": expected a positive rate");
        TrainCommand.check(endLr > startLr && Double.isFinite(endLr), "--end-lr", endLr + ": expected a rate above --start-lr "
                + startLr);
        TrainCommand.check(steps >= 3, "--steps", steps + ": expected >= 3");
        TrainCommand.check(beta >= 0 && beta < 1, "--smoothing", beta + ": expected a weight in [0, 1)");
        if (plot != null) {
            TextFiles.checkImageName("--plot", plot);
            OutputPaths.fileInNewDirectories("--plot", plot);
        }
        if (csv != null) {
            TextFiles.checkCsvName("--csv", csv);
        }
        Descent.noteBlas(spec.commandLine().getErr());
        TaskOptions.Prepared p = task.prepare();
        Module model = p.newModel(task.seed);
        out.printf("descent lr-find: %s on %s, loss %s, optimizer %s, lr from %s to %s over %d steps%n", task.model,
                task.data, p.lossName(), opt.text(), TextTable.text(startLr), TextTable.text(endLr), steps);
        LrRangeTest.Result r = LrRangeTest.run(model, p.loss(), OptimizerSpecs.optimizer(OptimizerSpecs.parse(optimizer),
                model.namedParameters()), p.train(), task.batchSize, task.seed, startLr, endLr, steps, beta);
        TextTable t = new TextTable("step", "lr", "loss", "smoothed loss");
        int every = Math.max(1, r.lrs().length / 10);
        for (int k = 0; k < r.lrs().length; k++) {
            if (k % every == 0 || k == r.lrs().length - 1) {
                t.row(k + 1, r.lrs()[k], r.losses()[k], r.smoothed()[k]);
            }
        }
        t.print(out);
        if (r.stopped() != null) {
            out.printf("stopped after %d steps: %s%n", r.lrs().length, r.stopped());
        }
        int min = r.minimum();
        int steep = r.steepest();
        out.printf(Locale.ROOT, "minimum smoothed loss %s at lr %s (a tenth of it: %s)%n", TextTable.text(r.smoothed()[min]),
                TextTable.text(r.lrs()[min]), TextTable.text(r.lrs()[min] / 10));
        if (csv != null) {
            StringBuilder b = new StringBuilder("step,lr,loss,smoothed_loss\n");
            for (int k = 0; k < r.lrs().length; k++) {
                b.append(k + 1).append(',').append(r.lrs()[k]).append(',').append(r.losses()[k]).append(',')
                        .append(r.smoothed()[k]).append('\n');
            }
            TextFiles.write(csv, b.toString());
            out.println("wrote " + csv);
        }
        if (plot != null) {
            Charts.save(chart(r, steep, min), plot, 900, 600);
            out.println("wrote " + plot);
        }
        if (steep < 0) {
            out.printf("no suggestion: the smoothed loss did not fall between lr %s and %s; try a smaller --start-lr%n",
                    TextTable.text(startLr), TextTable.text(r.lrs()[r.lrs().length - 1]));
        } else {
            // One-cycle's bounds, fastai's rule: the peak max_lr where the loss falls fastest, well before it
            // diverges; the cycle starts at max_lr / div_factor and ends div_factor * final_div_factor below it.
            double maxLr = r.lrs()[steep];
            out.printf("one cycle: --optimizer with lr=%s --schedule 'one_cycle(total_steps=<epochs x batches>)'"
                    + " (max_lr %s, from %s down to %s)%n", TextTable.text(maxLr), TextTable.text(maxLr),
                    TextTable.text(maxLr / 25), TextTable.text(maxLr / 25 / 1e4));
            out.printf("suggested lr %s (steepest descent of the smoothed loss)%n", TextTable.text(r.lrs()[steep]));
        }
        return 0;
    }

    private LineChart chart(LrRangeTest.Result r, int steep, int min) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < r.lrs().length; k++) {
            if (Double.isFinite(r.losses()[k])) {
                lo = Math.min(lo, Math.min(r.losses()[k], r.smoothed()[k]));
            }
            if (Double.isFinite(r.smoothed()[k])) {
                hi = Math.max(hi, r.smoothed()[k]);
            }
        }
        LineChart c = new LineChart("Learning-rate range test: " + optimizer, "learning rate (log scale)", "training loss",
                new Palette()).logX().series("batch loss", r.lrs(), r.losses()).series("smoothed loss", r.lrs(), r.smoothed());
        if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
            double pad = 0.05 * (hi - lo);
            c.yRange(lo - pad, hi + pad);
        }
        if (steep >= 0) {
            c.verticalMarker(r.lrs()[steep], "suggested " + TextTable.text(r.lrs()[steep]));
        }
        if (steep != min) {
            c.verticalMarker(r.lrs()[min], "minimum " + TextTable.text(r.lrs()[min]));
        }
        return c;
    }
}
