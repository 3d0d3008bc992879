package io.descent.train;

import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The held-out numbers the loop adds to every epoch's record ({@code val_loss}, {@code val_accuracy},
 * {@code val_top5}): on a data set in memory ({@link #of}), or computed where the data lives (the Spark module's
 * executors). The model is evaluated in inference mode and put back in the mode it was in.
 */
@FunctionalInterface
public interface Validation {

    /** The metrics of {@code model} on the held-out data, by name. */
    Map<String, Double> evaluate(Module model);

    /** Validation on {@code data} in batches of 1000, with top-5 accuracy for more than 5 classes. */
    static Validation of(Dataset data, Loss loss) {
        return of(data, loss, 1000, 5);
    }

    /** Validation on {@code data}; null data gives null (no validation). */
    static Validation of(Dataset data, Loss loss, int batchSize, int topK) {
        if (data == null) {
            return null;
        }
        data.requireFinite("validation data");
        return model -> {
            Evaluation e = Evaluation.of(model, loss, data, batchSize, topK);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("val_loss", e.loss());
            if (data.isClassification()) {
                m.put("val_accuracy", e.accuracy());
                if (data.numClasses() > topK) {
                    m.put("val_top" + topK, e.topKAccuracy());
                }
            }
            return m;
        };
    }
}
