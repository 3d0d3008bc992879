package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.HingeLoss;
import io.descent.loss.LogLoss;
import io.descent.loss.Loss;
import io.descent.loss.SquareLoss;
import io.descent.nn.Module;
import io.descent.nn.Models;
import io.descent.report.Box;
import io.descent.report.DecisionBoundaryChart;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 1: the square, log and hinge losses as functions of the margin m = y f(x) (with the 0-1 loss they
 * stand in for), and the three linear models they give, fitted on two overlapping Gaussian blobs.
 */
final class LinearModels implements Part {
    static final double[] MARGINS = {-1, 0, 1, 2};
    private static final String[] NAMES = {"square", "log", "hinge"};
    private static final Loss[] LOSSES = {new SquareLoss(), new LogLoss(), new HingeLoss()};
    private static final String OPTIMIZER = "sgd(lr=0.05, momentum=0.9)";
    private static final Box BOX = new Box(-5, 5, -4, 4);

    @Override
    public String name() {
        return "linear models";
    }

    /** The loss of a score s for the label y = +1: a function of the margin m = s. */
    static double at(Loss loss, double margin) {
        return loss.apply(Tensor.of(new double[] {margin}, 1), Tensor.of(new double[] {1}, 1)).item();
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        List<String> images = new ArrayList<>();
        images.add(f.save(marginChart(f), "1-margin-losses", Figures.WIDE_WIDTH, Figures.WIDE_HEIGHT));

        // Two blobs, centres (2, 0) and (-2, 0), standard deviation 1.2: they overlap, so no line separates them.
        Split<Dataset> s = Split.trainValidation(Synthetic.blobs(b.blobs(), 2, 1.2, 1), 0.2, 2);
        Dataset train = s.train().signed();
        Dataset test = s.validation().signed();
        Table table = Table.of("loss", "at margin -1", "at margin 0", "at margin 1", "at margin 2", "train accuracy",
                "test accuracy");
        double[] testAccuracy = new double[3];
        List<String> boundaries = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Module model = Models.linear(2, 1, 3, DType.FLOAT32);
            Fits.train(model, LOSSES[k], OPTIMIZER, train, null, b.linearEpochs(), 32, 4);
            double trainAccuracy = Figures.round4(Fits.signAccuracy(model, train));
            testAccuracy[k] = Figures.round4(Fits.signAccuracy(model, test));
            List<Object> row = new ArrayList<>(List.of(NAMES[k]));
            for (double m : MARGINS) {
                row.add(Figures.round4(at(LOSSES[k], m)));
            }
            row.addAll(List.of(trainAccuracy, testAccuracy[k]));
            table = table.row(row.toArray());
            DecisionBoundaryChart chart = new DecisionBoundaryChart("Fitted with the " + NAMES[k] + " loss", BOX)
                    .classGrid(Fits.grid(model, BOX, b.resolution(), false))
                    .points(Fits.column(train, 0), Fits.column(train, 1), Fits.classes(train))
                    .classNames("y = -1", "y = +1");
            boundaries.add(f.save(chart, "1-boundary-" + NAMES[k], Figures.THIRD_WIDTH, Figures.THIRD_HEIGHT));
        }
        images.addAll(boundaries);
        String measured = String.format("At margin 2 the square loss is %s, the log loss %s and the hinge loss %s "
                + "(the square loss also punishes points classified right with room to spare); fitted with %s for %d "
                + "epochs on %d points of two overlapping blobs, the linear models reached test accuracy %s (square), "
                + "%s (log) and %s (hinge) on %d held-out points.",
                Figures.n(Figures.round4(at(LOSSES[0], 2))), Figures.n(Figures.round4(at(LOSSES[1], 2))),
                Figures.n(Figures.round4(at(LOSSES[2], 2))), OPTIMIZER, b.linearEpochs(), train.size(),
                Figures.n(testAccuracy[0]), Figures.n(testAccuracy[1]), Figures.n(testAccuracy[2]), test.size());
        return new Section("Linear models: three losses of the margin", measured, images, table);
    }

    private static LineChart marginChart(Figures f) {
        int n = 121;
        double[] m = new double[n];
        double[][] y = new double[4][n];
        for (int k = 0; k < n; k++) {
            m[k] = -3 + 6.0 * k / (n - 1);
            for (int l = 0; l < 3; l++) {
                y[l][k] = at(LOSSES[l], m[k]);
            }
            y[3][k] = m[k] <= 0 ? 1 : 0;
        }
        LineChart c = new LineChart("Losses of the margin m = y f(x)", "margin m", "loss", new Palette());
        for (int l = 0; l < 3; l++) {
            c.series(NAMES[l], m, y[l]);
        }
        return c.series("0-1 (misclassified)", m, y[3]).yRange(-0.1, 5);
    }
}
