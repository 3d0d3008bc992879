package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.MlpBuilder;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.tensor.DType;
import io.descent.train.Callback;
import io.descent.train.Decision;
import io.descent.train.EpochRecord;
import io.descent.train.Evaluation;
import io.descent.train.TrainingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The training runs behind the claims table: each task (logistic regression, the MLP, the MLP with dropout or
 * BatchNorm) with each of its optimizers at every step size of the grid and every seed, on Fashion-MNIST when it is
 * installed (else on Gaussian blobs). Each run is measured before training and after every epoch on its training,
 * validation and test data; its results are read from the {@link RunCache} when an earlier report left them.
 */
final class ClaimRuns {
    /** An optimizer with the step size left open: {@code template} has one %s for it. */
    record Method(String name, String template, double base) {
        String spec(double factor) {
            return String.format(template, lr(base * factor));
        }

        /** A step size to 3 significant digits without trailing zeros: 0.1, 0.0333, 3. */
        static String lr(double v) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            return s.contains("e") || !s.contains(".") ? s : s.replaceAll("\\.?0+$", "");
        }
    }

    /** A model trained by some optimizers. */
    record Task(String name, List<Method> methods) {
    }

    /** Which run: task, optimizer, grid factor and seed. */
    record Key(String task, String method, double factor, int seed) {
    }

    static final Method SGD = new Method("sgd", "sgd(lr=%s)", 0.1);
    static final Method MOMENTUM = new Method("momentum", "sgd(lr=%s, momentum=0.9)", 0.01);
    static final Method NESTEROV = new Method("nesterov", "nesterov(lr=%s, beta=0.9)", 0.01);
    static final Method ADAGRAD = new Method("adagrad", "adagrad(lr=%s)", 0.05);
    static final Method RMSPROP = new Method("rmsprop", "rmsprop(lr=%s)", 0.001);
    static final Method ADADELTA = new Method("adadelta", "adadelta(lr=%s)", 1);
    static final Method ADAM = new Method("adam", "adam(lr=%s)", 0.001);
    static final String LOGREG = "logistic regression";
    static final String MLP = "MLP";
    static final String DROPOUT = "MLP with dropout";
    static final String BATCHNORM = "MLP with BatchNorm";
    static final int BATCH = 64;

    /** The tasks of a budget, in the order they run. */
    static List<Task> tasks(ClaimsBudget cb) {
        List<Method> mlp = List.of(SGD, MOMENTUM, ADAGRAD, RMSPROP, ADAM);
        List<Task> tasks = new ArrayList<>();
        tasks.add(new Task(LOGREG, List.of(SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADADELTA, ADAM)));
        tasks.add(new Task(MLP, mlp));
        if (cb.dropout()) {
            tasks.add(new Task(DROPOUT, mlp));
        }
        tasks.add(new Task(BATCHNORM, List.of(SGD)));
        return tasks;
    }

    private final ClaimsBudget cb;
    private final Map<Key, Map<String, double[]>> results = new LinkedHashMap<>();
    private String data;

    private ClaimRuns(ClaimsBudget cb) {
        this.cb = cb;
    }

    ClaimsBudget budget() {
        return cb;
    }

    /** What the runs trained on, for the table. */
    String data() {
        return data;
    }

    /** Trains (or reads) every run, with a progress line per run. */
    static ClaimRuns run(Figures f, ClaimsBudget cb, RunCache cache) throws IOException {
        ClaimRuns runs = new ClaimRuns(cb);
        Sets logreg = Sets.of(f, cb, cb.logregImages(), 3, 61);
        Sets mlp = Sets.of(f, cb, cb.mlpImages(), 5, 64);
        runs.data = logreg.what + " for logistic regression; " + mlp.what + " for the MLPs";
        List<Key> keys = new ArrayList<>();
        for (Task t : tasks(cb)) {
            for (Method m : t.methods()) {
                for (double factor : cb.factors()) {
                    for (int seed = 1; seed <= cb.seeds(); seed++) {
                        keys.add(new Key(t.name(), m.name(), factor, seed));
                    }
                }
            }
        }
        int toTrain = 0;
        for (Key k : keys) {
            toTrain += cache.has(runs.cacheKey(k, k.task().equals(LOGREG) ? logreg : mlp)) ? 0 : 1;
        }
        Progress progress = new Progress(keys.size(), toTrain, f::log);
        for (Key k : keys) {
            Sets sets = k.task().equals(LOGREG) ? logreg : mlp;
            String cacheKey = runs.cacheKey(k, sets);
            progress.next(k.task() + ", " + method(cb, k).spec(k.factor()) + ", seed " + k.seed(), cache.has(cacheKey));
            runs.results.put(k, cache.get(cacheKey, () -> {
                long t0 = System.nanoTime();
                Map<String, double[]> r = runs.train(k, sets);
                progress.trained((System.nanoTime() - t0) / 1e9);
                return r;
            }));
        }
        return runs;
    }

    /** The measurements of one run: trainLoss, valLoss, valError, testError (per epoch from 0), roughness. */
    Map<String, double[]> get(Key k) {
        Map<String, double[]> r = results.get(k);
        if (r == null) {
            throw new IllegalArgumentException("no claims run " + k);
        }
        return r;
    }

    /** A measurement of one task and optimizer at one grid factor, over the seeds. */
    Spread spread(String task, String method, double factor, ToDoubleFunction<Map<String, double[]>> metric) {
        double[] v = new double[cb.seeds()];
        for (int seed = 1; seed <= v.length; seed++) {
            v[seed - 1] = metric.applyAsDouble(get(new Key(task, method, factor, seed)));
        }
        return Spread.of(v);
    }

    /** The grid factor with the lowest mean validation loss after the last epoch (a diverged run never wins). */
    double best(String task, String method) {
        double best = cb.factors()[0];
        double lowest = Double.POSITIVE_INFINITY;
        for (double factor : cb.factors()) {
            double v = spread(task, method, factor, r -> last(r.get("valLoss"))).mean();
            if (v < lowest) {
                lowest = v;
                best = factor;
            }
        }
        return best;
    }

    static double last(double[] series) {
        return series[series.length - 1];
    }

    static Method method(ClaimsBudget cb, Key k) {
        for (Task t : tasks(cb)) {
            for (Method m : t.methods()) {
                if (t.name().equals(k.task()) && m.name().equals(k.method())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("no method " + k.method() + " for " + k.task());
    }

    private String cacheKey(Key k, Sets sets) {
        return String.format(Locale.ROOT, "%s | %s | %d epochs | hidden %s | batch %d | %s | seed %d", k.task(),
                sets.what, epochs(k), java.util.Arrays.toString(cb.mlpHidden()), BATCH,
                method(cb, k).spec(k.factor()), k.seed());
    }

    private int epochs(Key k) {
        return k.task().equals(LOGREG) ? cb.logregEpochs() : cb.mlpEpochs();
    }

    private Map<String, double[]> train(Key k, Sets s) throws IOException {
        int in = s.train.featureSize();
        int classes = s.train.numClasses();
        long modelSeed = 100 + k.seed();
        Module model;
        if (k.task().equals(LOGREG)) {
            model = Models.linear(in, classes, modelSeed, DType.FLOAT32);
        } else {
            MlpBuilder b = Models.mlp(in, classes).hidden(cb.mlpHidden()).seed(modelSeed);
            b = k.task().equals(DROPOUT) ? b.dropout(0.5) : b;
            model = (k.task().equals(BATCHNORM) ? b.batchNorm(true) : b).build();
        }
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Measure measure = new Measure(model, loss, s);
        Fits.StepLosses steps = new Fits.StepLosses();
        Fits.train(model, loss, method(cb, k).spec(k.factor()), s.train, null, epochs(k), BATCH, 200 + k.seed(), measure,
                steps);
        Map<String, double[]> r = new LinkedHashMap<>();
        r.put("trainLoss", measure.series(0));
        r.put("valLoss", measure.series(1));
        r.put("valError", measure.series(2));
        r.put("testError", measure.series(3));
        r.put("roughness", new double[] {roughness(steps.values())});
        return r;
    }

    /** How jagged a minibatch loss curve is: mean |l_{t+1} - l_t| / mean l_t over all steps. */
    static double roughness(double[] l) {
        if (l.length < 2) {
            return 0;
        }
        double jumps = 0;
        double level = 0;
        for (int t = 0; t + 1 < l.length; t++) {
            jumps += Math.abs(l[t + 1] - l[t]);
            level += l[t];
        }
        return jumps / level;
    }

    /** Training, validation and test data of one task, with a description that goes into the cache keys. */
    private record Sets(Dataset train, Dataset validation, Dataset test, String what) {
        static Sets of(Figures f, ClaimsBudget cb, int images, int blobClasses, long seed) {
            if (f.fashion().isPresent()) {
                FashionMnist fm = f.fashion().get();
                Split<Dataset> s = Split.trainValidation(Figures.sample(fm.train(), images, seed).flattened(), 0.2,
                        seed + 1);
                Dataset test = Figures.sample(fm.test(), cb.testImages(), seed + 2).flattened();
                return new Sets(s.train(), s.validation(), test, String.format("%d Fashion-MNIST training, %d validation"
                        + " and %d test images", s.train().size(), s.validation().size(), test.size()));
            }
            Split<Dataset> all = Split.trainValidation(Synthetic.blobs(cb.synthetic(), blobClasses, 1.5, seed), 0.2,
                    seed + 1);
            Split<Dataset> s = Split.trainValidation(all.train(), 0.2, seed + 2);
            return new Sets(s.train(), s.validation(), all.validation(), String.format("%d training, %d validation and "
                    + "%d test points of %d Gaussian blobs", s.train().size(), s.validation().size(),
                    all.validation().size(), blobClasses));
        }
    }

    /** Loss and error on the three sets before training and after every epoch, in evaluation mode. */
    private static final class Measure implements Callback {
        private final CrossEntropyLoss loss;
        private final Sets sets;
        private final List<double[]> rows = new ArrayList<>();

        Measure(Module model, CrossEntropyLoss loss, Sets sets) {
            this.loss = loss;
            this.sets = sets;
            add(model);
        }

        private void add(Module model) {
            Evaluation val = Fits.evaluate(model, loss, sets.validation);
            rows.add(new double[] {Fits.evaluate(model, loss, sets.train).loss(), val.loss(), 1 - val.accuracy(),
                1 - Fits.evaluate(model, loss, sets.test).accuracy()});
        }

        @Override
        public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
            add(ctx.model());
            return Decision.CONTINUE;
        }

        double[] series(int column) {
            return rows.stream().mapToDouble(r -> r[column]).toArray();
        }
    }
}
