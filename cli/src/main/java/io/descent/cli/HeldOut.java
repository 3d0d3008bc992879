package io.descent.cli;

import io.descent.autograd.GradMode;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;
import io.descent.train.Evaluation;
import java.util.Locale;

/** The final figures of a model on held-out data: loss, and accuracy for classes or for -1/+1 labels (by sign). */
record HeldOut(String name, double loss, double accuracy) {

    static HeldOut of(String name, Module model, Loss loss, Dataset data, boolean margin) {
        Evaluation e = Evaluation.of(model, loss, data, 1000, 1);
        double accuracy = e.accuracy();
        if (margin) {
            boolean wasTraining = model.isTraining();
            model.eval();
            try (var scope = GradMode.disabled()) {
                Tensor out = model.forward(data.features());
                int correct = 0;
                for (int i = 0; i < data.size(); i++) {
                    if ((out.getFlat(i) >= 0) == (data.targets().getFlat(i) > 0)) {
                        correct++;
                    }
                }
                accuracy = (double) correct / data.size();
            } finally {
                model.train(wasTraining);
            }
        }
        return new HeldOut(name, e.loss(), accuracy);
    }

    /** The line train and eval end with, so that the two can be compared by eye and by script. */
    String line() {
        return Double.isNaN(accuracy)
                ? String.format(Locale.ROOT, "%s loss %.6f", name, loss)
                : String.format(Locale.ROOT, "%s accuracy %.4f loss %.6f", name, accuracy, loss);
    }
}
