package io.descent.cli.lecture;

import io.descent.cli.TrialPool;
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
import io.descent.train.TrainingDivergedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.ToDoubleFunction;

/**
 * The training runs behind the claims table: each task (logistic regression, the MLP, the MLP with dropout or
 * BatchNorm) with each of its optimizers at every step size of the grid and every seed, on Fashion-MNIST when it is
 * installed (else on Gaussian blobs). Each run is measured before training and after every epoch on its training,
 * validation and test data; its results are read from the {@link RunCache} when an earlier report left them.
 */
final class ClaimRuns {
    /**
     * An optimizer with the step size left open: {@code template} has one %s for it, filled with {@code base} times
     * a factor of the grid: the budget's factors, or the method's own {@code grid} when it has one (then the base
     * is 1 and the factors are the step sizes, as in {@link WilsonProtocol}).
     */
    record Method(String name, String template, double base, double[] grid) {
        Method(String name, String template, double base) {
            this(name, template, base, null);
        }

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
        tasks.add(new Task(WilsonProtocol.TASK, WilsonProtocol.methods(cb.wilsonPaperGrid())));
        return tasks;
    }

    /** The factors a method runs at: its own grid, else the budget's. */
    static double[] grid(ClaimsBudget cb, Method m) {
        return m.grid() != null ? m.grid() : cb.factors();
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

    /**
     * Trains (or reads) every run, with a progress line per run: the runs not in the cache go to a {@link TrialPool}
     * of {@code parallel} threads, the trial machinery of {@code descent tune}. Each run is seeded on its own and
     * results are collected in the order of the keys, so any {@code parallel} gives the same results.
     */
    static ClaimRuns run(Figures f, ClaimsBudget cb, RunCache cache, int parallel) throws IOException {
        ClaimRuns runs = new ClaimRuns(cb);
        Sets logreg = Sets.of(f, cb, cb.logregImages(), 3, 61);
        Sets mlp = Sets.of(f, cb, cb.mlpImages(), 5, 64);
        runs.data = logreg.what + " for logistic regression; " + mlp.what + " for the MLPs";
        List<Key> keys = keys(cb);
        int toTrain = 0;
        double left = 0;
        for (Key k : keys) {
            Sets sets = k.task().equals(LOGREG) ? logreg : mlp;
            boolean cached = cache.has(runs.cacheKey(k, sets));
            toTrain += cached ? 0 : 1;
            left += cached ? 0 : runs.work(k, sets);
        }
        f.log(RunEstimate.line(keys.size(), toTrain, left, cache.timings()));
        if (f.estimateOnly()) {
            return runs;
        }
        Progress progress = new Progress(keys.size(), toTrain, parallel, f::log);
        List<CompletableFuture<Map<String, double[]>>> pending = new ArrayList<>();
        try (TrialPool pool = new TrialPool(parallel)) {
            for (Key k : keys) {
                Sets sets = k.task().equals(LOGREG) ? logreg : mlp;
                String cacheKey = runs.cacheKey(k, sets);
                String label = k.task() + ", " + method(cb, k).spec(k.factor()) + ", seed " + k.seed();
                pending.add(pool.submit(() -> {
                    progress.next(label, cache.has(cacheKey));
                    return cache.get(cacheKey, runs.work(k, sets), () -> {
                        long t0 = System.nanoTime();
                        Map<String, double[]> r = runs.train(k, sets);
                        progress.trained((System.nanoTime() - t0) / 1e9);
                        return r;
                    });
                }));
            }
            for (int i = 0; i < keys.size(); i++) {
                runs.results.put(keys.get(i), join(pending.get(i)));
            }
        }
        return runs;
    }

    /** Every run of a budget, task by task, optimizer by optimizer, step size by step size, seed by seed. */
    static List<Key> keys(ClaimsBudget cb) {
        List<Key> keys = new ArrayList<>();
        for (Task t : tasks(cb)) {
            for (Method m : t.methods()) {
                for (double factor : grid(cb, m)) {
                    for (int seed = 1; seed <= cb.seeds(); seed++) {
                        keys.add(new Key(t.name(), m.name(), factor, seed));
                    }
                }
            }
        }
        return keys;
    }

    /** The run's work for {@link RunEstimate}: the weights of its model times the images it passes. */
    private double work(Key k, Sets s) {
        int in = s.train.featureSize();
        int classes = s.train.numClasses();
        long weights;
        if (k.task().equals(LOGREG)) {
            weights = (long) in * classes;
        } else {
            weights = 0;
            int from = in;
            for (int h : cb.mlpHidden()) {
                weights += (long) from * h;
                from = h;
            }
            weights += (long) from * classes;
        }
        return RunEstimate.work(weights, s.train.size(), s.validation.size(), s.test.size(), epochs(k));
    }

    /** The future's value, with the exception of a failed run as it was thrown. */
    private static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The measurements of one run: trainLoss, valLoss, valError, testError (per epoch from 0), roughness, and under
     * Wilson et al.'s protocol lrFactor (the decay rule's factor of the initial step size after each epoch).
     */
    Map<String, double[]> get(Key k) {
        Map<String, double[]> r = results.get(k);
        if (r == null) {
            throw new IllegalArgumentException("no claims run " + k);
        }
        return r;
    }

    /** A measurement of one task and optimizer at one grid factor, over the seeds (NaN for a diverged run). */
    Spread spread(String task, String method, double factor, ToDoubleFunction<Map<String, double[]>> metric) {
        double[] v = new double[cb.seeds()];
        for (int seed = 1; seed <= v.length; seed++) {
            v[seed - 1] = metric.applyAsDouble(get(new Key(task, method, factor, seed)));
        }
        return Spread.of(v);
    }

    /**
     * The grid factor with the lowest mean validation measure after the last epoch (a diverged run never wins): the
     * validation error under Wilson et al.'s protocol (they choose by development-set accuracy), else the validation
     * loss. Never the test error.
     */
    double best(String task, String method) {
        String measure = task.equals(WilsonProtocol.TASK) ? "valError" : "valLoss";
        Method m = method(cb, new Key(task, method, 1, 1));
        return WilsonProtocol.bestOnGrid(grid(cb, m), f -> spread(task, method, f, r -> last(r.get(measure))).mean());
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
        String key = String.format(Locale.ROOT, "%s | %s | %d epochs | hidden %s | batch %d | %s | seed %d", k.task(),
                sets.what, epochs(k), java.util.Arrays.toString(cb.mlpHidden()), BATCH,
                method(cb, k).spec(k.factor()), k.seed());
        return k.task().equals(WilsonProtocol.TASK) ? key + " | " + WilsonProtocol.decay().text() : key;
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
        Measure measure = new Measure(model, loss, s, k.task().equals(WilsonProtocol.TASK) ? WilsonProtocol.decay()
                : null);
        Fits.StepLosses steps = new Fits.StepLosses();
        try {
            Fits.train(model, loss, method(cb, k).spec(k.factor()), s.train, null, epochs(k), BATCH, 200 + k.seed(),
                    measure, steps);
        } catch (TrainingDivergedException e) {
            measure.diverged(epochs(k));   // a step size of the grid too large: a result, not an error
        }
        Map<String, double[]> r = new LinkedHashMap<>();
        r.put("trainLoss", measure.series(0));
        r.put("valLoss", measure.series(1));
        r.put("valError", measure.series(2));
        r.put("testError", measure.series(3));
        r.put("roughness", new double[] {measure.finished() ? roughness(steps.values()) : Double.NaN});
        if (measure.decay != null) {
            r.put("lrFactor", measure.factors());
        }
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

    /**
     * Loss and error on the three sets before training and after every epoch, in evaluation mode; with a decay rule,
     * the step size for the next epoch from this epoch's validation error.
     */
    private static final class Measure implements Callback {
        private final CrossEntropyLoss loss;
        private final Sets sets;
        private final WilsonProtocol.Decay decay;
        private final List<double[]> rows = new ArrayList<>();
        private final List<Double> factors = new ArrayList<>();
        private boolean finished = true;

        Measure(Module model, CrossEntropyLoss loss, Sets sets, WilsonProtocol.Decay decay) {
            this.loss = loss;
            this.sets = sets;
            this.decay = decay;
            add(model);
        }

        /** The run stopped on a NaN or infinity: the epochs it did not finish are NaN. */
        void diverged(int epochs) {
            finished = false;
            while (rows.size() < epochs + 1) {
                rows.add(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            }
        }

        boolean finished() {
            return finished;
        }

        /** The decay rule's factor of the initial step size after each finished epoch. */
        double[] factors() {
            return factors.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private void add(Module model) {
            Evaluation val = Fits.evaluate(model, loss, sets.validation);
            rows.add(new double[] {Fits.evaluate(model, loss, sets.train).loss(), val.loss(), 1 - val.accuracy(),
                1 - Fits.evaluate(model, loss, sets.test).accuracy()});
        }

        @Override
        public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
            add(ctx.model());
            if (decay != null) {
                double factor = decay.afterEpoch(record.epoch(), rows.get(rows.size() - 1)[2]);
                factors.add(factor);
                ctx.optimizer().setLearningRateFactor(factor);
            }
            return Decision.CONTINUE;
        }

        double[] series(int column) {
            return rows.stream().mapToDouble(r -> r[column]).toArray();
        }
    }
}
