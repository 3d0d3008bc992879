package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.report.LineChart;
import io.descent.report.Palette;
import io.descent.report.Section;
import io.descent.report.Table;
import io.descent.train.Callback;
import io.descent.train.History;
import io.descent.train.TrainingContext;
import java.io.IOException;
import java.util.List;

/**
 * Section 8: early stopping. A wide MLP on little data overfits: its validation loss falls, then rises while the
 * training loss keeps falling. {@link io.descent.train.EarlyStopping} watches the validation loss, stops after
 * {@link #PATIENCE} epochs without improvement and restores the weights of the best epoch.
 */
final class Overfitting implements Part {
    static final int PATIENCE = 15;

    @Override
    public String name() {
        return "early stopping";
    }

    /** Test accuracy of the model as training stops, before the best weights are put back. */
    private static final class AtStop implements Callback {
        private final CrossEntropyLoss loss;
        private final Dataset test;
        double accuracy = Double.NaN;

        AtStop(CrossEntropyLoss loss, Dataset test) {
            this.loss = loss;
            this.test = test;
        }

        @Override
        public void onTrainEnd(TrainingContext ctx) {
            accuracy = Fits.evaluate(ctx.model(), loss, test).accuracy();
        }
    }

    @Override
    public Section build(Figures f) throws IOException {
        Budget b = f.budget();
        Dataset train;
        Dataset validation;
        Dataset test;
        String data;
        Module model;
        String optimizer;
        int batch;
        if (f.fashion().isPresent()) {
            // 500 training images for a network of 400,000 weights: it overfits within a few epochs.
            FashionMnist fm = f.fashion().get();
            Dataset pool = Figures.sample(fm.train(), 1500, 51).flattened();
            Split<Dataset> s = Split.trainValidation(pool, 2.0 / 3, 52);
            train = s.train();
            validation = s.validation();
            test = Figures.sample(fm.test(), b.testImages(), 53).flattened();
            data = train.size() + " Fashion-MNIST training images (" + validation.size() + " for validation)";
            model = Models.mlp(784, 10).hidden(512).seed(54).build();
            optimizer = "adam(lr=0.001)";
            batch = 32;
        } else {
            // 50 points for a network of 67,000 weights.
            Split<Dataset> s = Split.trainValidation(Synthetic.moons(350, 0.25, 55), 300.0 / 350, 56);
            Split<Dataset> vt = Split.trainValidation(s.validation(), 0.5, 57);
            train = s.train();
            validation = vt.train();
            test = vt.validation();
            data = train.size() + " points of two noisy moons (" + validation.size()
                    + " for validation; Fashion-MNIST is not installed)";
            model = Models.mlp(2, 2).hidden(256, 256).seed(54).build();
            optimizer = "adam(lr=0.01)";
            batch = 8;
        }
        CrossEntropyLoss loss = new CrossEntropyLoss();
        AtStop atStop = new AtStop(loss, test);
        io.descent.train.EarlyStopping stopper = new io.descent.train.EarlyStopping("val_loss", PATIENCE, 0, true);
        // atStop comes first: its onTrainEnd sees the last weights, before early stopping restores the best ones.
        History h = Fits.train(model, loss, optimizer, train, validation, b.earlyStopEpochs(), batch, 58, atStop, stopper);
        double restoredAccuracy = Figures.round4(Fits.evaluate(model, loss, test).accuracy());
        double stopAccuracy = Figures.round4(atStop.accuracy);
        int best = stopper.bestEpoch();
        int stopped = stopper.stoppedEpoch();
        int last = h.last().epoch();
        double[] epochs = h.epochs().stream().mapToDouble(e -> e.epoch()).toArray();
        LineChart chart = new LineChart("Training and validation loss", "epoch", "loss (log scale)", new Palette()).logY()
                .series("training loss", epochs, h.series("train_loss"))
                .series("validation loss", epochs, h.series("val_loss"))
                .verticalMarker(best, "restored: epoch " + best);
        if (stopped > 0) {
            chart.verticalMarker(stopped, "stopped: epoch " + stopped);
        }
        Table table = Table.of("epoch", "what happened", "training loss", "validation loss", "test accuracy");
        table = table.row(best, "lowest validation loss; these weights are restored",
                Figures.round4(h.epochs().get(best - 1).get("train_loss")),
                Figures.round4(h.epochs().get(best - 1).get("val_loss")), restoredAccuracy);
        table = table.row(last, stopped > 0 ? PATIENCE + " epochs without improvement: training stops"
                        : "the epoch budget ran out before the patience did",
                Figures.round4(h.last().get("train_loss")), Figures.round4(h.last().get("val_loss")), stopAccuracy);
        String measured = stopped > 0
                ? String.format("Trained by %s on %s, the validation loss was lowest (%s) at epoch %d; after %d epochs "
                        + "without improvement training stopped at epoch %d (validation loss %s) and the weights of epoch "
                        + "%d were restored: test accuracy %s, against %s with the weights of epoch %d.", optimizer, data,
                        Figures.n(Figures.round4(h.epochs().get(best - 1).get("val_loss"))), best, PATIENCE, stopped,
                        Figures.n(Figures.round4(h.last().get("val_loss"))), best, Figures.n(restoredAccuracy),
                        Figures.n(stopAccuracy), stopped)
                : String.format("Trained by %s on %s, the validation loss was lowest (%s) at epoch %d and did not stay "
                        + "above it for %d epochs before the budget of %d epochs ran out; the weights of epoch %d were "
                        + "restored: test accuracy %s, against %s at epoch %d.", optimizer, data,
                        Figures.n(Figures.round4(h.epochs().get(best - 1).get("val_loss"))), best, PATIENCE, last, best,
                        Figures.n(restoredAccuracy), Figures.n(stopAccuracy), last);
        return new Section("Early stopping", measured,
                List.of(f.save(chart, "8-early-stopping", Figures.WIDE_WIDTH, Figures.WIDE_HEIGHT)), table);
    }
}
