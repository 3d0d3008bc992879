package io.descent.cli.lecture;

import io.descent.cli.lecture.ClaimResult.At;
import io.descent.cli.lecture.ClaimResult.Claim;
import io.descent.report.Section;
import io.descent.report.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The part that opens the report: each claim of the lecture, the experiment that tests it, the numbers (mean ± sample
 * standard deviation over seeds) with each optimizer at its validation-chosen step size from the grid, and a
 * verdict; the outcome at every grid point is shown too, and a claim whose outcome flips across the grid "depends
 * on the step size" (Wilson et al. 2017, Choi et al. 2019: comparisons of optimizers hinge on tuning).
 */
final class Claims {
    static final String LOGREG = ClaimRuns.LOGREG;
    static final String MLP = ClaimRuns.MLP;
    static final List<String> ADAPTIVE = List.of("adagrad", "rmsprop", "adam");

    /** Final training loss. */
    static final ToDoubleFunction<Map<String, double[]>> FINAL = r -> ClaimRuns.last(r.get("trainLoss"));
    /** Speed: the mean training loss over epochs 1..E, the area under the curve (lower is faster). */
    static final ToDoubleFunction<Map<String, double[]>> SPEED = r -> mean(r.get("trainLoss"), 1);
    /** Test error after the last epoch. */
    static final ToDoubleFunction<Map<String, double[]>> TEST = r -> ClaimRuns.last(r.get("testError"));
    /** Test error at the epoch of lowest validation loss: what early stopping keeps. */
    static final ToDoubleFunction<Map<String, double[]>> EARLY = r -> {
        double[] val = r.get("valLoss");
        int best = 1;
        for (int e = 1; e < val.length; e++) {
            best = val[e] < val[best] ? e : best;
        }
        return r.get("testError")[best];
    };
    static final ToDoubleFunction<Map<String, double[]>> ROUGH = r -> r.get("roughness")[0];

    private final ClaimRuns runs;
    private final ToyClaims toys;
    private final ClaimsBudget cb;

    private Claims(ClaimRuns runs, ToyClaims toys) {
        this.runs = runs;
        this.toys = toys;
        this.cb = runs.budget();
    }

    /** Runs (or reads from {@code <out>/runs/}) every experiment and returns the claims table. */
    static Section build(Figures f) throws IOException {
        ClaimsBudget cb = ClaimsBudget.of(f.budget());
        RunCache cache = new RunCache(f.runsDir());
        ClaimRuns runs = ClaimRuns.run(f, cb, cache);
        Claims claims = new Claims(runs, new ToyClaims(cb));
        List<ClaimResult> results = new ArrayList<>();
        for (Claim c : claims.claims()) {
            results.add(ClaimResult.of(c, cb.factors()));
        }
        Table table = Table.of("claim", "source", "experiment", "measured at the best step sizes", "verdict",
                "at the tuned step sizes and at each factor of the base step sizes");
        int[] counts = new int[ClaimVerdict.values().length];
        for (ClaimResult r : results) {
            table = table.row(r.claim(), r.source(), r.experiment(), r.measured(), r.verdict().words(), r.perStepSize());
            counts[r.verdict().ordinal()]++;
        }
        List<String> grid = new ArrayList<>();
        for (double factor : cb.factors()) {
            grid.add(ClaimResult.factorText(factor));
        }
        String measured = String.format(Locale.ROOT, "Of %d claims of the lecture, %d hold, %d do not hold here and %d "
                + "depend on the step size. Each optimizer ran at its base step size times %s and is compared at the "
                + "factor with the lowest validation loss; numbers are the mean ± standard deviation over the "
                + "seeds (%d of the training runs, %d of the toy problem), on %s. Of %d training runs, %d were trained now and %d read from "
                + "runs/ (left by an earlier report).", results.size(), counts[0], counts[1], counts[2],
                String.join(", ", grid), cb.seeds(), cb.toySeeds(), runs.data(), cache.trained() + cache.read(),
                cache.trained(), cache.read());
        return new Section("Claims of the lecture, tested", measured, List.of(), table);
    }

    private List<Claim> claims() {
        List<String> logreg = names(LOGREG);
        List<String> mlp = names(MLP);
        At best = (task, method) -> runs.best(task, method);
        List<String> speedTasks = new ArrayList<>(List.of(LOGREG, MLP));
        if (cb.dropout()) {
            speedTasks.add(ClaimRuns.DROPOUT);
        }
        String e = cb.logregEpochs() + " epochs";
        String me = cb.mlpEpochs() + " epochs";
        String hidden = "784-" + String.join("-", java.util.Arrays.stream(cb.mlpHidden()).mapToObj(Integer::toString)
                .toList()) + "-10";
        return List.of(
                new Claim("On logistic regression, all methods improve upon SGD", "lecture slides",
                        "logistic regression, " + e + ": final training loss",
                        at -> logreg.stream().filter(m -> !m.equals("sgd")).allMatch(m -> mean(LOGREG, m, at, FINAL)
                                < mean(LOGREG, "sgd", at, FINAL)),
                        at -> numbers(LOGREG, logreg, at, FINAL), best),
                new Claim("On logistic regression, AdaGrad converges the fastest", "lecture slides",
                        "logistic regression, " + e + ": mean training loss over the epochs (lower is faster)",
                        at -> lowest(LOGREG, logreg, at, SPEED).equals("adagrad"),
                        at -> numbers(LOGREG, logreg, at, SPEED), best),
                new Claim("Momentum methods have a smoothing effect", "lecture slides",
                        "logistic regression: jaggedness of the minibatch loss, mean |l_{t+1} - l_t| / mean l_t",
                        at -> mean(LOGREG, "momentum", at, ROUGH) < mean(LOGREG, "sgd", at, ROUGH)
                                && mean(LOGREG, "nesterov", at, ROUGH) < mean(LOGREG, "sgd", at, ROUGH),
                        at -> numbers(LOGREG, List.of("sgd", "momentum", "nesterov"), at, ROUGH), best),
                new Claim("On Beale's function, AdaGrad and momentum methods are unstable", "lecture slides",
                        "Beale's function from (1, 1.5), " + cb.bealeSteps() + " steps: share of steps on which f "
                                + "rose (unstable: over " + Math.round(100 * ToyClaims.RISING_SHARE)
                                + "%, or f above its start)",
                        at -> List.of("adagrad", "momentum", "nesterov").stream()
                                .allMatch(m -> toys.bealeUnstable(m, at.factor("beale", m))),
                        at -> bealeNumbers(at, 1), (task, m) -> toys.bealeBest(m)),
                new Claim("On Beale's function, RMSProp/AdaDelta perform the best", "lecture slides",
                        "Beale's function from (1, 1.5), " + cb.bealeSteps() + " steps: final f",
                        at -> List.of("rmsprop", "adadelta").contains(bealeLowest(at)),
                        at -> bealeNumbers(at, 0), (task, m) -> toys.bealeBest(m)),
                new Claim("Adam does not converge without modification; AMSGrad does", "Reddi, Kale and Kumar 2018",
                        "f_t(x) = 3x if t mod 3 = 1 else -x on [-1, 1], " + cb.reddiSteps() + " steps a/sqrt(t): "
                                + "mean x over the last third (optimum -1)",
                        at -> toys.reddi(false, at.factor("reddi", "adam"))[0] > -0.5
                                && toys.reddi(true, at.factor("reddi", "amsgrad"))[0] < -0.9,
                        at -> String.format(Locale.ROOT, "adam (a %s) %.4g; amsgrad (a %s) %.4g",
                                lr(AdamCounterexample.STEP * at.factor("reddi", "adam")),
                                toys.reddi(false, at.factor("reddi", "adam"))[0],
                                lr(AdamCounterexample.STEP * at.factor("reddi", "amsgrad")),
                                toys.reddi(true, at.factor("reddi", "amsgrad"))[0]),
                        (task, m) -> toys.reddiBest(m.equals("amsgrad"))),
                new Claim("Adam is the fastest in training loss on logistic regression and the MLP",
                        "Kingma and Ba 2015", "logistic regression (" + e + ") and the " + hidden + " MLP (" + me
                                + "): mean training loss over the epochs",
                        at -> speedTasks.stream().allMatch(t -> lowest(t, names(t), at, SPEED).equals("adam")),
                        at -> String.join(" | ", speedTasks.stream().map(t -> t + ": "
                                + numbers(t, names(t), at, SPEED)).toList()), best),
                new Claim("Adaptive methods generalize worse than SGD: on the separable toy problem SGD reaches zero "
                        + "test error and adaptive methods do not", "Wilson et al. 2017, section 3.3",
                        cb.wilsonPoints() + " training and " + cb.wilsonPoints() + " test points, square loss, "
                                + cb.wilsonSteps() + " full-batch steps from w = 0: test error",
                        at -> toys.wilsonSpread("sgd", at.factor("wilson", "sgd"), 2).mean() == 0
                                && ADAPTIVE.stream().allMatch(m -> toys.wilsonSpread(m, at.factor("wilson", m), 2)
                                        .mean() > 0),
                        at -> String.join("; ", ToyClaims.WILSON.stream().map(m -> m.name() + " (lr "
                                + lr(m.base() * at.factor("wilson", m.name())) + ") "
                                + toys.wilsonSpread(m.name(), at.factor("wilson", m.name()), 2).text()).toList()),
                        (task, m) -> toys.wilsonBest(m)),
                new Claim("Adaptive methods reach a worse test error than well-tuned SGD", "Wilson et al. 2017",
                        "the " + hidden + " MLP, " + me + ": test error of SGD (with or without momentum) against "
                                + "AdaGrad, RMSProp and Adam",
                        at -> Math.min(mean(MLP, "sgd", at, TEST), mean(MLP, "momentum", at, TEST))
                                < ADAPTIVE.stream().mapToDouble(m -> mean(MLP, m, at, TEST)).min().orElseThrow(),
                        at -> numbers(MLP, mlp, at, TEST), best),
                new Claim("Batch normalization speeds up training", "Ioffe and Szegedy 2015",
                        "the " + hidden + " MLP with and without BatchNorm, SGD, " + me
                                + ": mean training loss over the epochs",
                        at -> mean(ClaimRuns.BATCHNORM, "sgd", at, SPEED) < mean(MLP, "sgd", at, SPEED),
                        at -> "without " + numbers(MLP, List.of("sgd"), at, SPEED) + "; with BatchNorm "
                                + numbers(ClaimRuns.BATCHNORM, List.of("sgd"), at, SPEED), best),
                new Claim("Early stopping improves generalization", "lecture slides",
                        "the " + hidden + " MLP, " + me + ", each optimizer: test error at the epoch of lowest "
                                + "validation loss against after the last epoch, averaged over the optimizers",
                        at -> earlyAndFinal(mlp, at)[0] < earlyAndFinal(mlp, at)[1],
                        at -> String.format(Locale.ROOT, "early-stopped %.4g, last epoch %.4g",
                                earlyAndFinal(mlp, at)[0], earlyAndFinal(mlp, at)[1]), best));
    }

    private List<String> names(String task) {
        return ClaimRuns.tasks(cb).stream().filter(t -> t.name().equals(task)).findFirst().orElseThrow().methods()
                .stream().map(ClaimRuns.Method::name).toList();
    }

    private double mean(String task, String method, At at, ToDoubleFunction<Map<String, double[]>> metric) {
        double m = runs.spread(task, method, at.factor(task, method), metric).mean();
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }

    /** The optimizer with the lowest mean (the first of ties). */
    private String lowest(String task, List<String> methods, At at, ToDoubleFunction<Map<String, double[]>> metric) {
        String best = methods.get(0);
        for (String m : methods) {
            best = mean(task, m, at, metric) < mean(task, best, at, metric) ? m : best;
        }
        return best;
    }

    /** "sgd (lr 0.1) 0.4123 ± 0.002; adam (lr 0.001) ...". */
    private String numbers(String task, List<String> methods, At at, ToDoubleFunction<Map<String, double[]>> metric) {
        List<String> parts = new ArrayList<>();
        for (String m : methods) {
            double factor = at.factor(task, m);
            ClaimRuns.Method method = ClaimRuns.method(cb, new ClaimRuns.Key(task, m, factor, 1));
            parts.add(m + " (lr " + lr(method.base() * factor) + ") " + runs.spread(task, m, factor, metric).text());
        }
        return String.join("; ", parts);
    }

    private String bealeLowest(At at) {
        String best = "sgd";
        for (ClaimRuns.Method m : ToyClaims.BEALE) {
            best = toys.beale(m.name(), at.factor("beale", m.name()))[0]
                    < toys.beale(best, at.factor("beale", best))[0] ? m.name() : best;
        }
        return best;
    }

    /** Column {@code c} of {@link ToyClaims#beale} for every optimizer. */
    private String bealeNumbers(At at, int c) {
        List<String> parts = new ArrayList<>();
        for (ClaimRuns.Method m : ToyClaims.BEALE) {
            double factor = at.factor("beale", m.name());
            double v = toys.beale(m.name(), factor)[c];
            parts.add(m.name() + " (lr " + lr(m.base() * factor) + ") " + (c == 1
                    ? Math.round(100 * v) + "%" + (toys.beale(m.name(), factor)[2] > 0 ? ", above start" : "")
                    : String.format(Locale.ROOT, "%.3g", v)));
        }
        return String.join("; ", parts);
    }

    /** {early-stopped test error, last-epoch test error}, each averaged over the MLP's optimizers and seeds. */
    private double[] earlyAndFinal(List<String> methods, At at) {
        double early = 0;
        double last = 0;
        for (String m : methods) {
            early += runs.spread(MLP, m, at.factor(MLP, m), EARLY).mean() / methods.size();
            last += runs.spread(MLP, m, at.factor(MLP, m), TEST).mean() / methods.size();
        }
        return new double[] {early, last};
    }

    static String lr(double v) {
        return ClaimRuns.Method.lr(v);
    }

    private static double mean(double[] v, int from) {
        double s = 0;
        for (int i = from; i < v.length; i++) {
            s += v[i];
        }
        return s / (v.length - from);
    }
}
