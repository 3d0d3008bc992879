package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Conv2d;
import io.descent.nn.Flatten;
import io.descent.nn.Linear;
import io.descent.nn.MaxPool2d;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.ReLU;
import io.descent.nn.Sequential;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Section 6: networks trained by SGD, momentum and three adaptive methods from the same start: training loss,
 * training error and test error per epoch, the comparison of Wilson et al. (2017, "The marginal value of adaptive
 * gradient methods"). An MLP on Fashion-MNIST and a small CNN on fewer images when it is installed; else an MLP on
 * two noisy moons. The table's gap is the test error minus the training error after the last epoch.
 */
final class Networks implements Part {
    static final List<String> NAMES = List.of("sgd", "momentum", "adagrad", "rmsprop", "adam");
    static final List<String> SPECS = List.of("sgd(lr=0.1)", "sgd(lr=0.01, momentum=0.9)", "adagrad(lr=0.01)",
            "rmsprop(lr=0.001)", "adam(lr=0.001)");

    /** One network on one data set; {@code name} is short, for chart titles. */
    private record Task(String name, String label, String file, Supplier<Module> model, Dataset train, Dataset test, int epochs,
                        int batch) {
    }

    @Override
    public String name() {
        return "networks";
    }

    /** Conv(1->8, 5x5) - ReLU - pool - Conv(8->16, 5x5) - ReLU - pool - Linear(784 -> 10): 11,274 weights. */
    static Module smallCnn(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Conv2d(1, 8, 5, 1, 2, true, DType.FLOAT32, rng.split()), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 5, 1, 2, true, DType.FLOAT32, rng.split()), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(16 * 7 * 7, 10, true, DType.FLOAT32, rng.split()));
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        List<Task> tasks = new ArrayList<>();
        String data;
        if (f.fashion().isPresent()) {
            FashionMnist fm = f.fashion().get();
            Dataset test = Figures.sample(fm.test(), b.testImages(), 32);
            Dataset mlpTrain = Figures.sample(fm.train(), b.netTrain(), 31).flattened();
            tasks.add(new Task("MLP", "MLP (784-128-10, ReLU)", "6-mlp",
                    () -> Models.mlp(784, 10).hidden(128).seed(33).build(), mlpTrain, test.flattened(),
                    b.netEpochs(), 64));
            // The CNN is measured on half as many test images: evaluating after every epoch costs as much as training.
            Dataset cnnTrain = Figures.sample(fm.train(), b.cnnTrain(), 34);
            Dataset cnnTest = Figures.sample(test, b.testImages() / 2, 39);
            tasks.add(new Task("CNN", "small CNN (8 and 16 channels)", "6-cnn", () -> smallCnn(35), cnnTrain, cnnTest,
                    b.cnnEpochs(), 64));
            data = String.format("Fashion-MNIST (the MLP on %d training and %d test images, the CNN on %d and %d)",
                    mlpTrain.size(), test.size(), cnnTrain.size(), cnnTest.size());
        } else {
            Split<Dataset> s = Split.trainValidation(Synthetic.moons(b.synthetic(), 0.3, 36), 0.3, 37);
            tasks.add(new Task("MLP", "MLP (2-64-64-2, ReLU)", "6-mlp",
                    () -> Models.mlp(2, 2).hidden(64, 64).seed(33).build(), s.train(), s.validation(),
                    b.syntheticEpochs(), 32));
            data = String.format("two noisy moons (%d training points, %d test points; Fashion-MNIST is not installed)",
                    s.train().size(), s.validation().size());
        }
        List<String> images = new ArrayList<>();
        Table table = Table.of("model", "optimizer", "spec", "epochs", "train loss", "train error", "test error",
                "gap", "seconds");
        List<String> sentences = new ArrayList<>();
        for (Task t : tasks) {
            f.log("  " + t.label());
            List<Comparison.Run> runs = Comparison.run(t.model(), new CrossEntropyLoss(), NAMES, SPECS, t.train(), t.test(),
                    t.epochs(), t.batch(), 38, f);
            boolean log = Figures.wide(runs.stream().map(Comparison.Run::trainLoss).toList());
            LineChart loss = new LineChart(t.name() + ": training loss", "epoch", "training loss" + (log ? " (log scale)"
                    : ""), new Palette());
            loss = log ? loss.logY() : loss;
            LineChart trainError = new LineChart(t.name() + ": training error", "epoch", "error on the training data",
                    new Palette());
            LineChart testError = new LineChart(t.name() + ": test error", "epoch", "error on the test data",
                    new Palette());
            double top = 0;
            for (Comparison.Run r : runs) {
                loss.series(r.name(), r.trainLoss());
                trainError.series(r.name(), r.trainError());
                testError.series(r.name(), r.testError());
                for (int e = 1; e <= r.epochs(); e++) {
                    top = Math.max(top, Math.max(r.trainError()[e], r.testError()[e]));
                }
                table = table.row(t.name(), r.name(), r.spec(), r.epochs(), Figures.round4(r.finalTrainLoss()),
                        Figures.round4(r.finalTrainError()), Figures.round4(r.finalTestError()),
                        Figures.round4(Figures.round4(r.finalTestError()) - Figures.round4(r.finalTrainError())),
                        Math.round(r.seconds() * 100) / 100.0);
            }
            // The same error scale on both pictures, from the first epoch on (epoch 0 is chance level).
            double hi = Math.min(1, top * 1.1 + 0.01);
            trainError.yRange(0, hi);
            testError.yRange(0, hi);
            images.add(f.save(loss, t.file() + "-loss", Figures.THIRD_WIDTH, Figures.THIRD_HEIGHT));
            images.add(f.save(trainError, t.file() + "-train-error", Figures.THIRD_WIDTH, Figures.THIRD_HEIGHT));
            images.add(f.save(testError, t.file() + "-test-error", Figures.THIRD_WIDTH, Figures.THIRD_HEIGHT));
            double[] test = runs.stream().mapToDouble(r -> r.finalTestError()).toArray();
            double[] gaps = runs.stream().mapToDouble(r -> Figures.round4(r.finalTestError())
                    - Figures.round4(r.finalTrainError())).toArray();
            sentences.add(String.format("for the %s, the final test error was lowest, %s, with %s and highest, %s, "
                    + "with %s, and test minus training error ranged from %s (%s) to %s (%s)", t.label(),
                    n(Arrays.stream(test).min().orElseThrow()), Figures.join(Figures.extreme(NAMES, test, false)),
                    n(Arrays.stream(test).max().orElseThrow()), Figures.join(Figures.extreme(NAMES, test, true)),
                    n(Arrays.stream(gaps).min().orElseThrow()), Figures.join(Figures.extreme(NAMES, gaps, false)),
                    n(Arrays.stream(gaps).max().orElseThrow()), Figures.join(Figures.extreme(NAMES, gaps, true))));
        }
        String measured = "Trained on " + data + " with the same initial weights and batches: " + String.join("; ",
                sentences) + ".";
        return new Section("A network: SGD against adaptive methods", measured, images, table);
    }

    private static String n(double v) {
        return Figures.n(Figures.round4(v));
    }
}
