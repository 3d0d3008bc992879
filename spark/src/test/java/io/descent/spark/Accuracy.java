package io.descent.spark;

import io.descent.autograd.GradMode;
import io.descent.data.Dataset;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;

/** Classification accuracy of a model on a data set, on the driver. */
final class Accuracy {
    private Accuracy() {
    }

    static double of(Module model, Dataset data) {
        try (var scope = GradMode.disabled()) {
            int correct = 0;
            int n = data.size();
            for (int from = 0; from < n; from += 2000) {
                int to = Math.min(n, from + 2000);
                Tensor out = model.forward(data.features().sliceRows(from, to));
                int[] predicted = out.argmax(1);
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == data.label(from + i)) {
                        correct++;
                    }
                }
            }
            return (double) correct / n;
        }
    }
}
