package io.descent.cli;

import io.descent.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code descent tune}: grid or random search over the base optimizer's hyperparameters ({@link SearchSpace}),
 * each trial trained from the same initial weights for {@code --epochs} and scored on the validation split;
 * with {@code --halving}, successive halving ({@link SuccessiveHalving}) gives the budget to the best trials,
 * retraining each rung's survivors from the start. The results are sorted best first (trials that reached a later
 * rung first).
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Grid or random search over optimizer hyperparameters, optionally with successive halving.")
final class TuneCommand implements Callable<Integer> {
    @Mixin
    TaskOptions task;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "SPEC",
            description = "the base spec the searched values are set in (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2", description = "repeatable: try each value, e.g. 'lr=0.001,0.01,0.1'")
    List<String> grid = new ArrayList<>();

    @Option(names = "--random", paramLabel = "KEY=RANGE",
            description = "repeatable: draw from 'lr=log:1e-4:1e-1', 'momentum=uniform:0:0.99' or 'nesterov=true,false'")
    List<String> random = new ArrayList<>();

    @Option(names = "--trials", defaultValue = "10", description = "random search: trials to draw (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--epochs", defaultValue = "5", description = "epochs of a fully trained trial (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--halving", description = "successive halving: train all trials briefly, give eta times more epochs to the best 1/eta")
    boolean halving;

    @Option(names = "--eta", defaultValue = "3", description = "successive halving's reduction factor (default: ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "val_accuracy (higher is better) or val_loss (lower); default val_accuracy for classes")
    String metric;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the results table as CSV")
    Path csv;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One trial's last run. */
    private record Trial(String spec, int rung, TaskRun run, double score) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> specs = trialSpecs();
        TrainCommand.check(epochs >= 1, "--epochs", epochs + ": expected >= 1");
        TrainCommand.check(eta >= 2, "--eta", eta + ": expected >= 2");
        TrainCommand.check(task.validationSplit > 0, "--validation-split",
                "tune scores trials on the validation split: expected a fraction in (0, 1)");
        if (metric != null) {
            TrainCommand.check(metric.equals("val_accuracy") || metric.equals("val_loss"), "--metric",
                    metric + ": expected val_accuracy or val_loss");
        }
        if (csv != null) {
            TextFiles.checkCsvName("--csv", csv);
        }
        Descent.noteBlas(spec.commandLine().getErr());
        TaskOptions.Prepared p = task.prepare();
        String m = metric != null ? metric : p.validation().isClassification() ? "val_accuracy" : "val_loss";
        TrainCommand.check(!m.equals("val_accuracy") || p.validation().isClassification(), "--metric",
                "val_accuracy needs class labels; this task has none (use val_loss)");
        boolean higher = m.equals("val_accuracy");
        SuccessiveHalving plan = halving ? SuccessiveHalving.plan(specs.size(), eta, epochs)
                : new SuccessiveHalving(List.of(epochs), List.of(specs.size()));
        out.printf("descent tune: %s on %s, loss %s, %d trials of %s, scored by %s%s%n", task.model, task.data,
                p.lossName(), specs.size(), optimizer, m, halving ? String.format(Locale.ROOT,
                        "; successive halving (eta %d): trials %s, epochs %s", eta, plan.survivors(), plan.epochs()) : "");
        Map<String, Trial> latest = new LinkedHashMap<>();
        Comparator<Trial> best = Comparator.comparing((Trial t) -> -t.rung())
                .thenComparing(t -> Double.isNaN(t.score()) ? 1 : 0)
                .thenComparingDouble(t -> higher ? -t.score() : t.score());
        List<String> alive = specs;
        for (int r = 0; r < plan.rungs(); r++) {
            List<Trial> done = new ArrayList<>();
            for (String s : alive) {
                TaskRun run = TaskRun.train(p, s, null, plan.epochs().get(r), List.of());
                Trial t = new Trial(s, r, run, run.diverged() != null ? Double.NaN : run.last(m));
                done.add(t);
                latest.put(s, t);
                out.printf(Locale.ROOT, "  %-50s %2d epochs  %s %s%n", s, run.history().size(), m,
                        run.diverged() != null ? "diverged" : TextTable.text(t.score()));
                out.flush();
            }
            if (r + 1 < plan.rungs()) {
                done.sort(best);
                alive = done.subList(0, plan.keep(r)).stream().map(Trial::spec).toList();
            }
        }
        List<Trial> results = new ArrayList<>(latest.values());
        results.sort(best);
        boolean byLoss = m.equals("val_loss");
        TextTable table = byLoss ? new TextTable("rank", "optimizer", m, "train loss", "epochs", "seconds")
                : new TextTable("rank", "optimizer", m, "val loss", "train loss", "epochs", "seconds");
        StringBuilder b = new StringBuilder("rank,optimizer," + m + (byLoss ? "" : ",val_loss")
                + ",train_loss,epochs,seconds,diverged\n");
        for (int i = 0; i < results.size(); i++) {
            Trial t = results.get(i);
            TaskRun run = t.run();
            boolean diverged = run.diverged() != null;
            Object score = diverged ? "diverged" : (Object) t.score();
            double seconds = Math.round(run.seconds() * 100) / 100.0;
            if (byLoss) {
                table.row(i + 1, t.spec(), score, number(run.last("train_loss")), run.history().size(), seconds);
            } else {
                table.row(i + 1, t.spec(), score, number(run.last("val_loss")), number(run.last("train_loss")),
                        run.history().size(), seconds);
            }
            b.append(i + 1).append(',').append(quote(t.spec())).append(',').append(diverged ? "" : t.score());
            if (!byLoss) {
                b.append(',').append(run.last("val_loss"));
            }
            b.append(',').append(run.last("train_loss")).append(',').append(run.history().size()).append(',')
                    .append(run.seconds()).append(',').append(diverged).append('\n');
        }
        table.print(out);
        out.printf("%d epochs trained in all%n", plan.totalEpochs());
        if (csv != null) {
            TextFiles.write(csv, b.toString());
            out.println("wrote " + csv);
        }
        Trial top = results.get(0);
        if (Double.isNaN(top.score())) {
            out.println("every trial diverged: search lower rates");
        } else {
            out.printf("best: %s with %s %s%n", top.spec(), m, TextTable.text(top.score()));
        }
        return 0;
    }

    /** The base spec with each combination or draw set in it, each checked in full before anything trains. */
    private List<String> trialSpecs() {
        Spec base = OptimizerSpecs.parse(optimizer);
        OptimizerSpecs.validate(base);
        if (grid.isEmpty() == random.isEmpty()) {
            throw new InvalidInputException("--grid", "", "give --grid or --random (each repeatable), not "
                    + (grid.isEmpty() ? "neither" : "both"));
        }
        List<Map<String, String>> values;
        if (!grid.isEmpty()) {
            List<SearchSpace.Dimension> dims = grid.stream().map(SearchSpace::grid).toList();
            SearchSpace.checkDistinct("--grid", dims);
            values = SearchSpace.combinations(dims);
        } else {
            TrainCommand.check(trials >= 1 && trials <= SearchSpace.MAX_GRID, "--trials", trials + ": expected 1 to "
                    + SearchSpace.MAX_GRID);
            List<SearchSpace.Dimension> dims = random.stream().map(SearchSpace::random).toList();
            SearchSpace.checkDistinct("--random", dims);
            values = SearchSpace.draws(dims, trials, task.seed);
        }
        List<String> specs = new ArrayList<>();
        for (Map<String, String> v : values) {
            Spec s = OptimizerSpecs.parse(optimizer).with(v);
            OptimizerSpecs.validate(OptimizerSpecs.parse(s.text()));
            if (!specs.contains(s.text())) {
                specs.add(s.text());
            }
        }
        return specs;
    }

    private static Object number(double v) {
        return Double.isNaN(v) ? "-" : (Object) v;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
