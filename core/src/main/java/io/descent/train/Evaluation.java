package io.descent.train;

import io.descent.autograd.GradMode;
import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;

/**
 * A model measured on a data set in evaluation mode, without recording: the mean loss and, for
 * classification, accuracy, top-k accuracy and the confusion matrix ({@code confusion[true][predicted]}).
 */
public record Evaluation(double loss, double accuracy, double topKAccuracy, int k, long[][] confusion, int samples) {

    /** Evaluates in batches of {@code batchSize}; the model is put back in the mode it was in. */
    public static Evaluation of(Module model, Loss loss, Dataset data, int batchSize, int k) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        long topK = 0;
        long[][] confusion = data.isClassification() ? new long[data.numClasses()][data.numClasses()] : null;
        try (var scope = GradMode.disabled()) {
            for (Batch b : new DataLoader(data, batchSize, false, false, 0)) {
                Tensor out = model.forward(b.x());
                lossSum += loss.apply(out, b.y()).item() * b.size();
                if (b.isClassification()) {
                    correct += Metrics.correct(out, b.classes());
                    topK += Metrics.topKCorrect(out, b.classes(), k);
                    Metrics.addToConfusion(confusion, out, b.classes());
                }
            }
        } finally {
            model.train(wasTraining);
        }
        int n = data.size();
        return new Evaluation(lossSum / n, data.isClassification() ? (double) correct / n : Double.NaN,
                data.isClassification() ? (double) topK / n : Double.NaN, k, confusion, n);
    }
}
