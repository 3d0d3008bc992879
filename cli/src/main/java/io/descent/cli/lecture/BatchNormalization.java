package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Sigmoid;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import java.io.IOException;
import java.util.List;

/**
 * Section 7: batch normalization on and off, the experiment of Ioffe and Szegedy (2015, section 4.1) in small: an
 * MLP with three hidden layers of 100 sigmoid units, trained by plain SGD with the same rate, seed and batches,
 * with and without BatchNorm after each hidden linear layer. The chart shows the minibatch loss per step,
 * averaged over windows of {@link #WINDOW} steps.
 */
final class BatchNormalization implements Part {
    static final int WINDOW = 10;
    static final String OPTIMIZER = "sgd(lr=0.1)";
    static final int[] HIDDEN = {100, 100, 100};

    @Override
    public String name() {
        return "batch normalization";
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        Dataset train;
        Dataset test;
        String data;
        int batch;
        if (f.fashion().isPresent()) {
            FashionMnist fm = f.fashion().get();
            train = Figures.sample(fm.train(), b.batchNormTrain(), 41).flattened();
            test = Figures.sample(fm.test(), b.testImages(), 42).flattened();
            data = train.size() + " Fashion-MNIST training images";
            batch = 60;
        } else {
            Split<Dataset> s = Split.trainValidation(Synthetic.blobs(2 * b.synthetic(), 5, 0.8, 43), 0.2, 44);
            train = s.train();
            test = s.validation();
            data = train.size() + " points of five Gaussian blobs (Fashion-MNIST is not installed)";
            batch = 32;
        }
        int inputs = train.featureSize();
        int classes = train.numClasses();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        String[] names = {"without BatchNorm", "with BatchNorm"};
        LineChart chart = new LineChart("Minibatch loss per step", "step",
                "training loss (mean of " + WINDOW + " steps)", new Palette());
        Table table = Table.of("network", "steps", "loss, first " + WINDOW + " steps", "loss, last " + WINDOW + " steps",
                "training loss after the last epoch", "test accuracy");
        double[] last = new double[2];
        double[] accuracy = new double[2];
        int steps = 0;
        for (int k = 0; k < 2; k++) {
            Module model = Models.mlp(inputs, classes).hidden(HIDDEN).activation(Sigmoid::new).batchNorm(k == 1).seed(45).build();
            Fits.StepLosses losses = new Fits.StepLosses();
            Fits.train(model, loss, OPTIMIZER, train, null, b.batchNormEpochs(), batch, 46, losses);
            double[] perStep = losses.values();
            steps = perStep.length;
            double[] smooth = windowMeans(perStep);
            double[] x = new double[smooth.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.min(steps, (i + 1) * WINDOW);
            }
            chart.series(names[k], x, smooth);
            last[k] = Figures.round4(smooth[smooth.length - 1]);
            accuracy[k] = Figures.round4(Fits.evaluate(model, loss, test).accuracy());
            table = table.row(names[k], steps, Figures.round4(smooth[0]), last[k],
                    Figures.round4(Fits.evaluate(model, loss, train).loss()), accuracy[k]);
            f.log(String.format("    %s: %d steps", names[k], steps));
        }
        String measured = String.format("Trained by %s for %d epochs (%d steps of %d) on %s, the MLP with three hidden "
                + "layers of 100 sigmoid units ended with a mean minibatch loss over its last %d steps of %s without "
                + "BatchNorm and %s with it, and test accuracy %s and %s.", OPTIMIZER, b.batchNormEpochs(), steps, batch,
                data, WINDOW, Figures.n(last[0]), Figures.n(last[1]), Figures.n(accuracy[0]), Figures.n(accuracy[1]));
        return new Section("Batch normalization on and off", measured,
                List.of(f.save(chart, "7-batchnorm", Figures.WIDE_WIDTH, Figures.WIDE_HEIGHT)), table);
    }

    /** Means of consecutive windows of {@link #WINDOW} values (the last window may be shorter). */
    static double[] windowMeans(double[] v) {
        int n = (v.length + WINDOW - 1) / WINDOW;
        double[] out = new double[n];
        for (int w = 0; w < n; w++) {
            int from = w * WINDOW;
            int to = Math.min(v.length, from + WINDOW);
            double s = 0;
            for (int i = from; i < to; i++) {
                s += v[i];
            }
            out[w] = s / (to - from);
        }
        return out;
    }
}
