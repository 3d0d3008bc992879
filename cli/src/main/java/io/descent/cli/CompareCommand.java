package io.descent.cli;

import io.descent.report.Charts;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.train.EpochRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code descent compare}: one task, several optimizers side by side. Every optimizer starts from the same
 * weights and sees the same minibatches; the table gives each one's final training loss, validation accuracy,
 * time, and the first epoch at which the validation accuracy reached {@code --target-accuracy} ("-" if never).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train one task with several optimizers and compare them: a table, loss curves, a CSV.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    TaskOptions task;

    @Option(names = "--optimizer", required = true, paramLabel = "SPEC",
            description = "repeatable: each optimizer spec is one run, e.g. --optimizer 'sgd(lr=0.1, momentum=0.9)' --optimizer adam")
    List<String> optimizers;

    @Option(names = "--schedule", paramLabel = "SPEC", description = "a learning-rate schedule for every run")
    String schedule;

    @Option(names = "--epochs", defaultValue = "10", description = "epochs per run (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--target-accuracy", paramLabel = "A",
            description = "report the first epoch whose validation accuracy is at least A (in (0, 1])")
    Double targetAccuracy;

    @Option(names = "--plot", paramLabel = "FILE", description = "draw the training loss per epoch (.png or .svg)")
    Path plot;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "write every run's epochs as optimizer,epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds")
    Path csv;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var seen = new HashSet<String>();
        for (String o : optimizers) {
            OptimizerSpecs.validate(OptimizerSpecs.parse(o));
            TrainCommand.check(seen.add(o.strip()), "--optimizer", "'" + o + "' given twice");
        }
        ScheduleSpecs.Parsed sched = schedule == null ? null : ScheduleSpecs.parse(schedule);
        TrainCommand.check(epochs >= 1, "--epochs", epochs + ": expected >= 1");
        TrainCommand.check(task.validationSplit > 0, "--validation-split",
                "compare measures validation accuracy: expected a fraction in (0, 1)");
        if (targetAccuracy != null) {
            TrainCommand.check(targetAccuracy > 0 && targetAccuracy <= 1, "--target-accuracy",
                    targetAccuracy + ": expected an accuracy in (0, 1]");
        }
        if (plot != null) {
            TextFiles.checkImageName("--plot", plot);
            OutputPaths.fileInNewDirectories("--plot", plot);
        }
        if (csv != null) {
            TextFiles.checkCsvName("--csv", csv);
        }
        Descent.noteBlas(spec.commandLine().getErr());
        TaskOptions.Prepared p = task.prepare();
        if (targetAccuracy != null) {
            TrainCommand.check(p.validation().isClassification(), "--target-accuracy", "validation accuracy needs class "
                    + "labels and a class-scoring loss (cross-entropy); this task has loss " + p.lossName());
        }
        out.printf("descent compare: %s on %s (%d training, %d validation samples), loss %s, %d epochs%n", task.model,
                task.data, p.train().size(), p.validation().size(), p.lossName(), epochs);
        List<TaskRun> runs = new ArrayList<>();
        for (String o : optimizers) {
            TaskRun r = TaskRun.train(p, o.strip(), sched, epochs, List.of());
            runs.add(r);
            out.printf(Locale.ROOT, "  %s: %d epochs in %.1f s%s%n", r.spec(), r.history().size(), r.seconds(),
                    r.diverged() == null ? "" : " (diverged)");
            out.flush();
        }
        table(runs).print(out);
        if (csv != null) {
            TextFiles.write(csv, csv(runs));
            out.println("wrote " + csv);
        }
        if (plot != null) {
            if (runs.stream().allMatch(r -> r.history().isEmpty())) {
                spec.commandLine().getErr().println("descent: no run finished an epoch: nothing to plot in " + plot);
            } else {
                Charts.save(chart(runs), plot, 900, 600);
                out.println("wrote " + plot);
            }
        }
        return 0;
    }

    private TextTable table(List<TaskRun> runs) {
        String target = targetAccuracy == null ? "epochs to target" : "epochs to " + TextTable.text(targetAccuracy);
        TextTable t = new TextTable("optimizer", "train loss", "val accuracy", "seconds", target);
        for (TaskRun r : runs) {
            Object reached = "-";
            if (targetAccuracy != null && r.firstEpochReaching("val_accuracy", targetAccuracy) > 0) {
                reached = r.firstEpochReaching("val_accuracy", targetAccuracy);
            }
            Object loss = r.diverged() != null ? "diverged at epoch " + (r.history().size() + 1) : number(r.last("train_loss"));
            t.row(r.spec(), loss, number(r.last("val_accuracy")), Math.round(r.seconds() * 100) / 100.0, reached);
        }
        return t;
    }

    private static Object number(double v) {
        return Double.isNaN(v) ? "-" : (Object) v;
    }

    static String csv(List<TaskRun> runs) {
        String[] metrics = {"train_loss", "train_accuracy", "val_loss", "val_accuracy", "seconds"};
        StringBuilder b = new StringBuilder("optimizer,epoch");
        for (String m : metrics) {
            b.append(',').append(m);
        }
        b.append('\n');
        for (TaskRun r : runs) {
            String name = r.spec().contains(",") || r.spec().contains("\"") ? "\"" + r.spec().replace("\"", "\"\"") + "\""
                    : r.spec();
            for (EpochRecord e : r.history().epochs()) {
                b.append(name).append(',').append(e.epoch());
                for (String m : metrics) {
                    b.append(',');
                    if (e.has(m)) {
                        b.append(e.get(m));
                    }
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private LineChart chart(List<TaskRun> runs) {
        boolean positive = true;
        for (TaskRun r : runs) {
            for (double v : r.history().series("train_loss")) {
                positive &= v > 0;
            }
        }
        LineChart c = new LineChart("Training loss per epoch: " + task.model + " on " + task.data, "epoch",
                "training loss" + (positive ? " (log scale)" : ""), new Palette());
        for (TaskRun r : runs) {
            double[] x = r.history().epochs().stream().mapToDouble(EpochRecord::epoch).toArray();
            double[] y = r.history().series("train_loss");
            if (x.length > 0) {
                c.series(r.diverged() == null ? r.spec() : r.spec() + " (diverged)", x, y);
            }
        }
        return positive ? c.logY() : c;
    }
}
