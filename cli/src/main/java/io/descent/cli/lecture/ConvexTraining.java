package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.DType;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Section 5: logistic regression (softmax, convex in its weights) trained by seven optimizers from the same
 * start: on Fashion-MNIST images when installed, else on three overlapping Gaussian blobs.
 */
final class ConvexTraining implements Part {
    static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam");
    static final List<String> SPECS = List.of("sgd(lr=0.1)", "sgd(lr=0.01, momentum=0.9)", "nesterov(lr=0.01, beta=0.9)",
            "adagrad(lr=0.05)", "rmsprop(lr=0.001)", "adadelta(lr=1)", "adam(lr=0.001)");
    static final int BATCH = 64;

    @Override
    public String name() {
        return "logistic regression";
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        Dataset train;
        Dataset test;
        String what;
        int epochs;
        if (f.fashion().isPresent()) {
            FashionMnist fm = f.fashion().get();
            train = Figures.sample(fm.train(), b.convexTrain(), 21).flattened();
            test = Figures.sample(fm.test(), b.testImages(), 22).flattened();
            what = String.format("%d Fashion-MNIST training images (784 pixels, 10 classes)", train.size());
            epochs = b.convexEpochs();
        } else {
            Split<Dataset> s = Split.trainValidation(Synthetic.blobs(2 * b.synthetic(), 3, 1.5, 23), 0.2, 24);
            train = s.train();
            test = s.validation();
            what = String.format("%d points of three overlapping blobs (Fashion-MNIST is not installed)", train.size());
            epochs = b.syntheticEpochs() / 3;
        }
        int inputs = train.featureSize();
        int classes = train.numClasses();
        List<Comparison.Run> runs = Comparison.run(() -> Models.linear(inputs, classes, 25, DType.FLOAT32),
                new CrossEntropyLoss(), NAMES, SPECS, train, test, epochs, BATCH, 26, f);
        // From epoch 1 on: the common start (in the table) would squash the differences that follow.
        List<double[]> curves = runs.stream().map(r -> Arrays.copyOfRange(r.trainLoss(), 1, r.trainLoss().length))
                .toList();
        boolean log = Figures.wide(curves);
        LineChart chart = new LineChart("Logistic regression: training loss per epoch (all started at "
                + Figures.n(Figures.round4(runs.get(0).trainLoss()[0])) + ")", "epoch",
                "training loss" + (log ? " (log scale)" : ""), new Palette());
        chart = log ? chart.logY() : chart;
        double[] epochAxis = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            epochAxis[e] = e + 1;
        }
        Table table = Table.of("optimizer", "spec", "epochs", "loss at start", "final loss", "test accuracy",
                "seconds");
        for (int k = 0; k < runs.size(); k++) {
            Comparison.Run r = runs.get(k);
            chart.series(r.name(), epochAxis, curves.get(k));
            table = table.row(r.name(), r.spec(), r.epochs(), Figures.round4(r.trainLoss()[0]),
                    Figures.round4(r.finalTrainLoss()), Figures.round4(1 - r.finalTestError()),
                    Math.round(r.seconds() * 100) / 100.0);
        }
        double[] finals = runs.stream().mapToDouble(Comparison.Run::finalTrainLoss).toArray();
        double lo = Arrays.stream(finals).map(Figures::round4).min().orElseThrow();
        double hi = Arrays.stream(finals).map(Figures::round4).max().orElseThrow();
        String measured = String.format("After %d epochs on %s, from the same initial weights, the lowest final "
                + "training loss, %s, was reached by %s and the highest, %s, by %s.", epochs, what, Figures.n(lo),
                Figures.join(Figures.extreme(NAMES, finals, false)), Figures.n(hi),
                Figures.join(Figures.extreme(NAMES, finals, true)));
        return new Section("Logistic regression (convex): optimizers compared", measured,
                List.of(f.save(chart, "5-logistic-loss", Figures.WIDE_WIDTH, Figures.WIDE_HEIGHT)), table);
    }
}
