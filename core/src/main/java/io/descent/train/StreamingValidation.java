package io.descent.train;

import io.descent.autograd.GradMode;
import io.descent.data.Batch;
import io.descent.data.RowChunk;
import io.descent.data.SparseBatch;
import io.descent.data.StreamingRows;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out figures computed by streaming the file once more and reading only the rows that {@code rows} keeps (the
 * held-out ones, see {@link io.descent.data.RowSplit}), in file order, in inference mode. Accuracy is by argmax for
 * class labels and by the sign of the score for -1/+1 labels ({@link StreamingRows.Labels#SIGNS}).
 */
public final class StreamingValidation implements Validation {
    private final StreamingRows rows;
    private final Loss loss;
    private final StreamingRows.Labels labels;
    private final String prefix;

    /** @param prefix the metrics' prefix: "val_" for the loop's records */
    public StreamingValidation(StreamingRows rows, Loss loss, StreamingRows.Labels labels, String prefix) {
        this.rows = rows;
        this.loss = loss;
        this.labels = labels;
        this.prefix = prefix;
    }

    /** Mean loss, accuracy (NaN for real-valued targets) and rows of one pass. */
    public record Result(double loss, double accuracy, long rows) {
    }

    @Override
    public Map<String, Double> evaluate(Module model) {
        Result r = measure(model);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", r.loss());
        if (!Double.isNaN(r.accuracy())) {
            m.put(prefix + "accuracy", r.accuracy());
        }
        return m;
    }

    /** One pass over the held-out rows; the model is put back in the mode it was in. */
    public Result measure(Module model) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        long n = 0;
        try (var scope = GradMode.disabled()) {
            rows.beginEpoch(0, 0);
            for (int k = rows.fill(); k > 0; k = rows.fill()) {
                Tensor out;
                Tensor y;
                int[] cls;
                if (rows.kind() == RowChunk.Kind.SPARSE) {
                    SparseBatch b = rows.sparseBatch(k);
                    out = model.forwardSparse(b.x());
                    y = b.y();
                    cls = b.classes();
                } else {
                    Batch b = rows.batch(k);
                    out = model.forward(b.x());
                    y = b.y();
                    cls = b.classes();
                }
                lossSum += loss.apply(out, y).item() * k;
                if (cls != null) {
                    correct += Metrics.correct(out, cls);
                } else if (labels == StreamingRows.Labels.SIGNS) {
                    for (int i = 0; i < k; i++) {
                        if ((out.getFlat(i) >= 0) == (y.getFlat(i) > 0)) {
                            correct++;
                        }
                    }
                }
                n += k;
            }
        } finally {
            rows.close();
            model.train(wasTraining);
        }
        boolean hasAccuracy = labels != StreamingRows.Labels.VALUES;
        return new Result(n == 0 ? Double.NaN : lossSum / n, hasAccuracy && n > 0 ? (double) correct / n : Double.NaN, n);
    }
}
