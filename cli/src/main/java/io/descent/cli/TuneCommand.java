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
 * {@code descent tune}: grid or random search over the base optimizer's hyperparameters and the task's batch size
 * and mlp width ({@link SearchSpace}, {@link TrialConfig}), each trial trained from the same initial weights and
 * scored on the validation split. {@code --scheduler} gives the budget: {@code fifo} trains every trial for
 * {@code --epochs}; {@code sha} ({@code --halving}) is successive halving ({@link SyncHalving}), {@code asha} its
 * asynchronous form ({@link Asha}), {@code hyperband} brackets of it ({@link Hyperband}); a promoted trial continues
 * from its checkpoint. {@code --parallel N} trains N trials at once ({@link LocalTrials}); the decisions do not
 * depend on it. The results are sorted best first (trials that trained more epochs first, ties by trial id).
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Grid or random search over optimizer hyperparameters, batch size and width, with successive halving, ASHA or Hyperband.")
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

    @Option(names = "--scheduler", paramLabel = "NAME", defaultValue = "fifo",
            description = "fifo (every trial for --epochs), sha (successive halving), asha (asynchronous successive "
                    + "halving) or hyperband (brackets of successive halving) (default: ${DEFAULT-VALUE})")
    String scheduler;

    @Option(names = "--halving", description = "the same as --scheduler sha")
    boolean halving;

    @Option(names = "--eta", defaultValue = "3", description = "successive halving's reduction factor (default: ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N",
            description = "trials trained at once, on N threads (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run each trial's segments as Spark tasks on MASTER (e.g. 'local[2]'), --parallel at once")
    String spark;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "val_accuracy (higher is better) or val_loss (lower); default val_accuracy for classes")
    String metric;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the results table as CSV")
    Path csv;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One trial's last segment: its settings, the epochs it reached, the run (history since epoch 1) and score. */
    private record Trial(TrialConfig config, int epochs, TaskRun run, double score) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainCommand.check(epochs >= 1, "--epochs", epochs + ": expected >= 1");
        TrainCommand.check(eta >= 2, "--eta", eta + ": expected >= 2");
        TrainCommand.check(parallel >= 1 && parallel <= 256, "--parallel", parallel + ": expected 1 to 256");
        String sched = halving ? "sha" : scheduler.strip().toLowerCase(Locale.ROOT);
        TrainCommand.check(List.of("fifo", "sha", "asha", "hyperband").contains(sched), "--scheduler",
                scheduler + ": expected fifo, sha, asha or hyperband");
        TrainCommand.check(!halving || scheduler.equals("fifo") || scheduler.equals("sha"), "--halving",
                "is --scheduler sha; it cannot go with --scheduler " + scheduler);
        TrainCommand.check(task.validationSplit > 0, "--validation-split",
                "tune scores trials on the validation split: expected a fraction in (0, 1)");
        if (metric != null) {
            TrainCommand.check(metric.equals("val_accuracy") || metric.equals("val_loss"), "--metric",
                    metric + ": expected val_accuracy or val_loss");
        }
        if (csv != null) {
            TextFiles.checkCsvName("--csv", csv);
        }
        List<SuccessiveHalving> brackets = sched.equals("hyperband") ? Hyperband.brackets(epochs, eta) : null;
        List<TrialConfig> configs = trialConfigs(brackets == null ? 0 : Hyperband.trials(brackets));
        Descent.noteBlas(spec.commandLine().getErr());
        TaskOptions.Prepared p = task.prepare();
        String m = metric != null ? metric : p.validation().isClassification() ? "val_accuracy" : "val_loss";
        TrainCommand.check(!m.equals("val_accuracy") || p.validation().isClassification(), "--metric",
                "val_accuracy needs class labels; this task has none (use val_loss)");
        boolean higher = m.equals("val_accuracy");
        SuccessiveHalving plan = switch (sched) {
            case "sha", "asha" -> SuccessiveHalving.plan(configs.size(), eta, epochs);
            default -> new SuccessiveHalving(List.of(epochs), List.of(configs.size()));
        };
        out.printf("descent tune: %s on %s, loss %s, %d trials of %s, scored by %s, %d at once%s%s%n", task.model,
                task.data, p.lossName(), configs.size(), optimizer, m, parallel, spark == null ? "" : " on Spark (" + spark + ")",
                describe(sched, plan, brackets));
        Map<Integer, Trial> latest = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicLong trained = new java.util.concurrent.atomic.AtomicLong();
        try (TrialExecutor executor = spark == null ? new LocalTrials(p, parallel)
                : TuneSegments.executor(cluster().open(spark, parallel), task, parallel)) {
            java.util.function.Function<RungJob, java.util.concurrent.CompletableFuture<Double>> submit = job -> {
                TrialConfig c = configs.get(job.trial());
                return executor.submit(c, job).thenApply(run -> {
                    double score = run.diverged() != null ? Double.NaN : run.last(m);
                    latest.put(job.trial(), new Trial(c, job.toEpochs(), run, score));
                    trained.addAndGet(run.history().size() - job.fromEpochs());
                    synchronized (out) {
                        out.printf(Locale.ROOT, "  %3d %-50s %2d epochs  %s %s%n", job.trial(), c.label(),
                                run.history().size(), m, run.diverged() != null ? "diverged" : TextTable.text(score));
                        out.flush();
                    }
                    return score;
                });
            };
            switch (sched) {
                case "asha" -> new Asha(plan.epochs(), eta, configs.size(), higher).run(parallel, submit);
                case "hyperband" -> {
                    int first = 0;
                    for (SuccessiveHalving b : brackets) {
                        int n = b.survivors().get(0);
                        List<Integer> ids = java.util.stream.IntStream.range(first, first + n).boxed().toList();
                        SyncHalving.run(b, ids, higher, submit);
                        first += n;
                    }
                }
                default -> SyncHalving.run(plan, java.util.stream.IntStream.range(0, configs.size()).boxed().toList(),
                        higher, submit);
            }
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
        Comparator<Trial> best = Comparator.comparing((Trial t) -> -t.epochs())
                .thenComparing(t -> Double.isNaN(t.score()) ? 1 : 0)
                .thenComparingDouble(t -> Double.isNaN(t.score()) ? 0 : higher ? -t.score() : t.score())
                .thenComparingInt(t -> t.config().id());
        List<Trial> results = new ArrayList<>(latest.values());
        results.sort(best);
        boolean byLoss = m.equals("val_loss");
        TextTable table = byLoss ? new TextTable("rank", "trial", "optimizer", m, "train loss", "epochs", "seconds")
                : new TextTable("rank", "trial", "optimizer", m, "val loss", "train loss", "epochs", "seconds");
        StringBuilder b = new StringBuilder("rank,trial,optimizer," + m + (byLoss ? "" : ",val_loss")
                + ",train_loss,epochs,seconds,diverged\n");
        for (int i = 0; i < results.size(); i++) {
            Trial t = results.get(i);
            TaskRun run = t.run();
            boolean diverged = run.diverged() != null;
            Object score = diverged ? "diverged" : (Object) t.score();
            double seconds = Math.round(run.seconds() * 100) / 100.0;
            String label = t.config().label();
            if (byLoss) {
                table.row(i + 1, t.config().id(), label, score, number(run.last("train_loss")), run.history().size(),
                        seconds);
            } else {
                table.row(i + 1, t.config().id(), label, score, number(run.last("val_loss")),
                        number(run.last("train_loss")), run.history().size(), seconds);
            }
            b.append(i + 1).append(',').append(t.config().id()).append(',').append(quote(label)).append(',')
                    .append(diverged ? "" : t.score());
            if (!byLoss) {
                b.append(',').append(run.last("val_loss"));
            }
            b.append(',').append(run.last("train_loss")).append(',').append(run.history().size()).append(',')
                    .append(run.seconds()).append(',').append(diverged).append('\n');
        }
        table.print(out);
        out.printf("%d epochs trained in all%n", trained.get());
        if (csv != null) {
            TextFiles.write(csv, b.toString());
            out.println("wrote " + csv);
        }
        Trial top = results.get(0);
        if (Double.isNaN(top.score())) {
            out.println("every trial diverged: search lower rates");
        } else {
            out.printf("best: trial %d, %s with %s %s%n", top.config().id(), top.config().label(), m,
                    TextTable.text(top.score()));
        }
        return 0;
    }

    /** The Spark module's side of {@link TrialCluster}, or a clear error saying how to get it. */
    private static TrialCluster.Factory cluster() {
        return TrialCluster.find().orElseThrow(() -> new InvalidInputException("--spark", "",
                "Spark is not on this command's class path: run it through the ./descent launcher (which adds "
                        + "spark-cli/target/descent-spark.jar and Spark's jars) or through spark-submit with descent-spark.jar"));
    }

    private String describe(String sched, SuccessiveHalving plan, List<SuccessiveHalving> brackets) {
        return switch (sched) {
            case "sha" -> String.format(Locale.ROOT, "; successive halving (eta %d): trials %s, epochs %s", eta,
                    plan.survivors(), plan.epochs());
            case "asha" -> String.format(Locale.ROOT, "; asynchronous successive halving (eta %d): rungs at epochs %s",
                    eta, plan.epochs());
            case "hyperband" -> {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "; hyperband (eta %d), brackets:", eta));
                for (SuccessiveHalving s : brackets) {
                    b.append(String.format(Locale.ROOT, " trials %s epochs %s;", s.survivors(), s.epochs()));
                }
                yield b.substring(0, b.length() - 1);
            }
            default -> "";
        };
    }

    /**
     * The search space's points, each checked in full before anything trains; {@code needed > 0} (Hyperband) draws
     * that many, or takes the grid's points in turn until there are that many.
     */
    private List<TrialConfig> trialConfigs(int needed) {
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
            int n = needed > 0 ? needed : trials;
            TrainCommand.check(n >= 1 && n <= SearchSpace.MAX_GRID, "--trials", n + ": expected 1 to "
                    + SearchSpace.MAX_GRID);
            List<SearchSpace.Dimension> dims = random.stream().map(SearchSpace::random).toList();
            SearchSpace.checkDistinct("--random", dims);
            values = SearchSpace.draws(dims, n, task.seed);
        }
        List<TrialConfig> distinct = new ArrayList<>();
        for (Map<String, String> v : values) {
            TrialConfig c = TrialConfig.of(distinct.size(), optimizer, task, v);
            if (distinct.stream().noneMatch(c::sameSettings)) {
                distinct.add(c);
            }
        }
        if (needed == 0 || !random.isEmpty()) {
            return distinct;
        }
        List<TrialConfig> out = new ArrayList<>();
        for (int i = 0; i < needed; i++) {
            out.add(distinct.get(i % distinct.size()).withId(i));
        }
        return out;
    }

    private static Object number(double v) {
        return Double.isNaN(v) ? "-" : (Object) v;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
