package io.descent.cli.lecture;

import io.descent.curvature.ExtremeEigenvalues;
import io.descent.curvature.Float64Copy;
import io.descent.curvature.HessianOperator;
import io.descent.curvature.Hessians;
import io.descent.curvature.SpectralDensity;
import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.Loss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import io.descent.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 12: the Hessian's spectrum of an MLP (one hidden layer of 32 tanh units) at initialization, half-way
 * and at the end of training, with SGD and with Adam, without and with BatchNorm (Sagun et al. 2017; Ghorbani,
 * Krishnan and Xiao 2019). Curvature is measured on a float64 twin of the model ({@link Float64Copy}) over a fixed
 * batch of the training rows, in training mode (BatchNorm on that batch's statistics): the three largest
 * eigenvalues and the smallest by Lanczos, and the share of the density below -1e-3 times the largest eigenvalue by
 * stochastic Lanczos quadrature (two probes).
 */
final class SpectrumSection implements Part {
    private static final int HIDDEN = 32;
    private static final double ZERO = 1e-3;

    @Override
    public String name() {
        return "hessian spectrum";
    }

    private record Setting(String label, String file, boolean batchNorm, boolean adam) {
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        boolean quick = b.name().equals("quick");
        Dataset train;
        String data;
        int in;
        int classes;
        if (f.fashion().isPresent()) {
            train = Figures.sample(f.fashion().get().train(), Math.min(b.netTrain(), 1000), 51).flattened();
            data = train.size() + " Fashion-MNIST training images";
            in = 784;
            classes = 10;
        } else {
            train = Synthetic.moons(b.synthetic(), 0.3, 52);
            data = train.size() + " points of two noisy moons (Fashion-MNIST is not installed)";
            in = 2;
            classes = 2;
        }
        int rows = Math.min(train.size(), quick ? 100 : 500);
        Tensor x = train.features().sliceRows(0, rows).to(DType.FLOAT64);
        Tensor y = train.targets().sliceRows(0, rows);
        int steps = quick ? 10 : 40;
        int epochs = Math.max(2, b.netEpochs());
        Loss loss = new CrossEntropyLoss();
        List<Setting> settings = List.of(new Setting("SGD", "12-sgd", false, false),
                new Setting("SGD + BatchNorm", "12-sgd-bn", true, false), new Setting("Adam", "12-adam", false, true),
                new Setting("Adam + BatchNorm", "12-adam-bn", true, true));
        Table table = Table.of("run", "when", "largest", "2nd", "3rd", "smallest", "negative share", "train loss");
        List<String> images = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (Setting s : settings) {
            f.log("  spectrum, " + s.label());
            Module model = Models.mlp(in, classes).hidden(HIDDEN).activation(io.descent.nn.Tanh::new)
                    .batchNorm(s.batchNorm()).seed(53).build();
            Optimizer opt = s.adam() ? Optimizers.adam(model.namedParameters(), AdamConfig.defaults().withLr(1e-3))
                    : Optimizers.sgd(model.namedParameters(), SgdConfig.defaults().withLr(0.1));
            LineChart chart = new LineChart(s.label() + ": spectral density", "eigenvalue", "density (log scale)",
                    new Palette()).logY();
            double[][] measured = new double[3][];
            int[] at = {0, epochs / 2, epochs};
            for (int c = 0; c < 3; c++) {
                if (c > 0) {
                    Trainer.builder().batchSize(64).seed(54 + c).build().fit(model, loss, opt, train, null,
                            at[c] - at[c - 1]);
                }
                String when = c == 0 ? "initialization" : "epoch " + at[c];
                Module wide = Float64Copy.of(model);
                wide.train(true);
                HessianOperator h = Hessians.of(wide.parameters(), () -> loss.apply(wide.forward(x), y));
                ExtremeEigenvalues e = ExtremeEigenvalues.of(h, 3, steps, 1e-6, 55);
                SpectralDensity d = SpectralDensity.estimate(h, 2, steps, 56);
                double top = e.largest()[0];
                double negative = Figures.round4(d.massBelow(-ZERO * Math.abs(top)));
                double value;
                try (var scope = io.descent.autograd.GradMode.disabled()) {
                    value = Figures.round4(loss.apply(wide.forward(x), y).item());
                }
                measured[c] = new double[] {Figures.round4(top), negative, value};
                table = table.row(s.label(), when, Figures.round4(top), Figures.round4(e.largest()[1]),
                        Figures.round4(e.largest()[2]), Figures.round4(e.smallest()[0]), negative, value);
                SpectralDensity.Grid g = d.grid(256, d.defaultWidth());
                double peak = 0;
                for (double v : g.density()) {
                    peak = Math.max(peak, v);
                }
                double[] clamped = new double[g.density().length];
                for (int i = 0; i < clamped.length; i++) {
                    clamped[i] = Math.max(g.density()[i], 1e-6 * peak);
                }
                chart.series(when, g.t(), clamped);
            }
            images.add(f.save(chart, s.file(), Figures.HALF_WIDTH, Figures.HALF_HEIGHT));
            sentences.add(String.format("with %s the largest eigenvalue went from %s at initialization to %s after "
                    + "epoch %d and %s after epoch %d, and the negative share from %s to %s", s.label(),
                    Figures.n(measured[0][0]), Figures.n(measured[1][0]), at[1], Figures.n(measured[2][0]), at[2],
                    Figures.n(measured[0][1]), Figures.n(measured[2][1])));
        }
        String measuredText = String.format("On %s (the Hessian over %d of them) with a %d-%d-%d tanh MLP, %s.", data,
                rows, in, HIDDEN, classes, String.join("; ", sentences));
        return new Section("The Hessian's spectrum during training", measuredText, images, table);
    }
}
