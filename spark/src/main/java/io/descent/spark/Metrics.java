package io.descent.spark;

import io.descent.autograd.GradMode;
import io.descent.data.Dataset;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;

/** Numbers to watch a model by, computed on the driver over a data set small enough to hold there. */
public final class Metrics {
    private static final int CHUNK = 2000;

    private Metrics() {
    }

    /** The fraction of samples whose largest score is at their class. */
    public static double accuracy(Module model, Dataset data) {
        try (var scope = GradMode.disabled()) {
            int correct = 0;
            int n = data.size();
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                int[] predicted = model.forward(data.features().sliceRows(from, to)).argmax(1);
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == data.label(from + i)) {
                        correct++;
                    }
                }
            }
            return (double) correct / n;
        }
    }

    /** The mean loss over the samples. */
    public static double meanLoss(Module model, Dataset data, LossSpec loss) {
        try (var scope = GradMode.disabled()) {
            double sum = 0;
            int n = data.size();
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                Tensor out = model.forward(data.features().sliceRows(from, to));
                sum += loss.create(Reduction.SUM).apply(out, data.targets().sliceRows(from, to)).item();
            }
            return sum / n;
        }
    }
}
