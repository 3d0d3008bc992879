package io.descent.cli.lecture;

import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.train.Callback;
import io.descent.train.Decision;
import io.descent.train.EpochRecord;
import io.descent.train.Evaluation;
import io.descent.train.History;
import io.descent.train.TrainingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Several optimizers trained on one task from the same initial weights and minibatch order, each measured on the
 * training and the test data before training (epoch 0) and after every epoch, in evaluation mode.
 */
final class Comparison {
    /** One optimizer's run: losses and errors per epoch, index 0 before training. */
    record Run(String name, String spec, double[] trainLoss, double[] trainError, double[] testLoss, double[] testError,
               double seconds) {
        int epochs() {
            return trainLoss.length - 1;
        }

        double finalTrainLoss() {
            return trainLoss[trainLoss.length - 1];
        }

        double finalTrainError() {
            return trainError[trainError.length - 1];
        }

        double finalTestError() {
            return testError[testError.length - 1];
        }
    }

    private Comparison() {
    }

    /** Measures the model on both sets after each epoch. */
    private static final class Measure implements Callback {
        private final Loss loss;
        private final Dataset train;
        private final Dataset test;
        final List<Evaluation> onTrain = new ArrayList<>();
        final List<Evaluation> onTest = new ArrayList<>();

        Measure(Module model, Loss loss, Dataset train, Dataset test) {
            this.loss = loss;
            this.train = train;
            this.test = test;
            add(model);
        }

        void add(Module model) {
            onTrain.add(Fits.evaluate(model, loss, train));
            onTest.add(Fits.evaluate(model, loss, test));
        }

        @Override
        public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
            add(ctx.model());
            return Decision.CONTINUE;
        }
    }

    static List<Run> run(Supplier<Module> model, Loss loss, List<String> names, List<String> specs, Dataset train,
            Dataset test, int epochs, int batchSize, long seed, Figures f) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (int k = 0; k < specs.size(); k++) {
            Module m = model.get();
            Measure measure = new Measure(m, loss, train, test);
            long t0 = System.nanoTime();
            History h = Fits.train(m, loss, specs.get(k), train, null, epochs, batchSize, seed, measure);
            double seconds = (System.nanoTime() - t0) / 1e9;
            int n = measure.onTrain.size();
            double[] trainLoss = new double[n];
            double[] trainError = new double[n];
            double[] testLoss = new double[n];
            double[] testError = new double[n];
            for (int e = 0; e < n; e++) {
                trainLoss[e] = measure.onTrain.get(e).loss();
                trainError[e] = 1 - measure.onTrain.get(e).accuracy();
                testLoss[e] = measure.onTest.get(e).loss();
                testError[e] = 1 - measure.onTest.get(e).accuracy();
            }
            runs.add(new Run(names.get(k), specs.get(k), trainLoss, trainError, testLoss, testError, seconds));
            f.log(String.format("    %s: %d epochs, %.1f s", specs.get(k), h.size(), seconds));
        }
        return runs;
    }
}
