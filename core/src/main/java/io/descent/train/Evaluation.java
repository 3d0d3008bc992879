package io.descent.train;

import io.descent.autograd.GradMode;
import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.data.SparseBatch;
import io.descent.data.SparseDataLoader;
import io.descent.data.SparseDataset;
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

    /** {@link #of} for sparse rows, in batches of {@code batchSize} in the data set's order. */
    public static Evaluation ofSparse(Module model, Loss loss, SparseDataset data, int batchSize, int k) {
        return ofSparse(model, loss, new SparseDataLoader(data, batchSize, false, false, 0), data.numClasses(), k);
    }

    /**
     * {@link #of} over sparse batches from any source (a streaming loader's held-out rows, say), each through
     * {@link Module#forwardSparse}: the mean loss over all rows and, when {@code numClasses > 0} and the
     * batches carry class indices, the class metrics. An empty source gives NaN figures and 0 samples.
     */
    public static Evaluation ofSparse(Module model, Loss loss, Iterable<SparseBatch> batches, int numClasses, int k) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        long topK = 0;
        long n = 0;
        long[][] confusion = numClasses > 0 ? new long[numClasses][numClasses] : null;
        try (var scope = GradMode.disabled()) {
            for (SparseBatch b : batches) {
                Tensor out = model.forwardSparse(b.x());
                lossSum += loss.apply(out, b.y()).item() * b.size();
                n += b.size();
                if (confusion != null && b.isClassification()) {
                    correct += Metrics.correct(out, b.classes());
                    topK += Metrics.topKCorrect(out, b.classes(), k);
                    Metrics.addToConfusion(confusion, out, b.classes());
                }
            }
        } finally {
            model.train(wasTraining);
        }
        double rows = n == 0 ? Double.NaN : n;
        return new Evaluation(lossSum / rows, confusion != null ? correct / rows : Double.NaN,
                confusion != null ? topK / rows : Double.NaN, k, confusion, Math.toIntExact(n));
    }
}
